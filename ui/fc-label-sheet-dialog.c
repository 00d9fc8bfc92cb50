/* fc-label-sheet-dialog.c: print or save a facility's sheet of QR tag labels
 *
 * The grid is chosen here to match the label stock (3 × 8 of 70 × 37 mm by
 * default); the core's fc_tag_sheet_layout_init() says whether it fits A4.
 * The labels are read on the store's worker thread when the dialog opens.
 * Printing draws each page with fc_tag_sheet_draw_page() on the print
 * context's cairo, in points from the paper's corner, exactly as the PDF is
 * drawn; saving writes the PDF on the store's worker thread, off the main loop.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-label-sheet-dialog.h"
#include "fc-tag-sheet.h"

struct _FcLabelSheetDialog
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *window_title;
  GtkWidget            *go_button;
  GtkLabel             *summary_label;
  GtkLabel             *note_label;
  GtkSpinButton        *columns_spin;
  GtkSpinButton        *rows_spin;
  GtkSpinButton        *width_spin;
  GtkSpinButton        *height_spin;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;

  FcStoreService       *service;
  GCancellable         *cancellable;
  FcLabelSheetOutput    output;
  char                 *facility_id;
  char                 *facility_name;
  GPtrArray            *labels;       /* of FcTagLabel; NULL while loading */
  guint                 untagged;
  FcTagSheetLayout      layout;
  gboolean              layout_ok;
  gboolean              busy;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (FcLabelSheetDialog, fc_label_sheet_dialog, ADW_TYPE_WINDOW)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
n_pages (FcLabelSheetDialog *self)
{
  guint per_page = fc_tag_sheet_labels_per_page (&self->layout);

  if (self->labels == NULL || !self->layout_ok || per_page == 0)
    return 0;
  return MAX (1, (self->labels->len + per_page - 1) / per_page);
}

static void
update (FcLabelSheetDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *grid = g_strdup_printf ("%ux%u", (guint) gtk_spin_button_get_value_as_int (self->columns_spin),
                                           (guint) gtk_spin_button_get_value_as_int (self->rows_spin));
  g_autofree char *size = g_strdup_printf ("%gx%g", gtk_spin_button_get_value (self->width_spin),
                                           gtk_spin_button_get_value (self->height_spin));

  self->layout_ok = fc_tag_sheet_layout_init (&self->layout, grid, size, &error);
  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);

  if (self->labels == NULL)
    gtk_label_set_text (self->summary_label, _("Reading the equipment…"));
  else if (self->labels->len == 0)
    gtk_label_set_text (self->summary_label, _("No equipment of this facility has a tag code yet"));
  else if (!self->layout_ok)
    {
      g_autofree char *labels = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u label",
                                                              "%u labels", self->labels->len),
                                                 self->labels->len);

      gtk_label_set_text (self->summary_label, labels);
    }
  else
    {
      g_autofree char *labels = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u label",
                                                              "%u labels", self->labels->len),
                                                 self->labels->len);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s on %u A4 sheet",
                                                            "%s on %u A4 sheets", n_pages (self)),
                                               labels, n_pages (self));

      gtk_label_set_text (self->summary_label, text);
    }
  if (self->labels != NULL && self->untagged > 0)
    {
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
        "%u piece of equipment has no tag code and gets no label; give it one in the register first.",
        "%u pieces of equipment have no tag code and get no label; give them one in the register first.",
        self->untagged), self->untagged);

      gtk_label_set_text (self->note_label, note);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), self->labels != NULL && self->untagged > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labels.go", fc_label_sheet_dialog_get_ready (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labels.save-to", fc_label_sheet_dialog_get_ready (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labels.print-to", fc_label_sheet_dialog_get_ready (self));
}

static void
on_grid_changed_cb (FcLabelSheetDialog *self)
{
  update (self);
}

typedef struct
{
  GPtrArray *labels;
  guint      untagged;
} Labels;

static void
labels_free (Labels *labels)
{
  g_clear_pointer (&labels->labels, g_ptr_array_unref);
  g_free (labels);
}

static gpointer
labels_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  Labels *labels = g_new0 (Labels, 1);

  labels->labels = fc_tag_sheet_labels_for_facility (store, data, &labels->untagged, error);
  if (labels->labels == NULL)
    {
      labels_free (labels);
      return NULL;
    }
  return labels;
}

static void
labels_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FcLabelSheetDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Labels *labels = fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error);

  if (labels == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* No district code yet, most often: the sentence says what to do. */
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  self->labels = g_steal_pointer (&labels->labels);
  self->untagged = labels->untagged;
  labels_free (labels);
  update (self);
}

/* Saving */

typedef struct
{
  char             *facility_id;
  char             *path;
  FcTagSheetLayout  layout;
} PdfRequest;

static void
pdf_request_free (PdfRequest *request)
{
  g_free (request->facility_id);
  g_free (request->path);
  g_free (request);
}

/* Reads the labels afresh: what is written is what the store holds now. */
static gpointer
pdf_job (FcStore   *store,
         gpointer   data,
         GError   **error)
{
  PdfRequest *request = data;
  g_autoptr(GPtrArray) labels = fc_tag_sheet_labels_for_facility (store, request->facility_id, NULL, error);

  if (labels == NULL || !fc_tag_sheet_write_pdf (request->path, &request->layout, labels, error))
    return NULL;
  return GUINT_TO_POINTER (MAX (labels->len, 1));
}

static void
pdf_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FcLabelSheetDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  self->busy = FALSE;
  update (self);
  if (fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error) == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->error_label, error->message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      return;
    }
  message = g_strdup_printf (_("Labels saved as PDF: %s"), self->facility_name);
  g_signal_emit (self, signals[DONE], 0, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_to (FcLabelSheetDialog *self,
         const char         *path)
{
  PdfRequest *request;

  if (!fc_label_sheet_dialog_get_ready (self))
    return;
  request = g_new0 (PdfRequest, 1);
  request->facility_id = g_strdup (self->facility_id);
  request->path = g_strdup (path);
  request->layout = self->layout;
  self->busy = TRUE;
  update (self);
  fc_store_service_run_async (self->service, pdf_job, request, (GDestroyNotify) pdf_request_free,
                              NULL, self->cancellable, pdf_done, g_object_ref (self));
}

static void
on_chooser_response_cb (GtkNativeDialog    *chooser,
                        int                 response,
                        FcLabelSheetDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  g_clear_object (&self->chooser);
  if (path != NULL)
    save_to (self, path);
}

static void
choose_file (FcLabelSheetDialog *self)
{
  /* Translators: the file name offered for a facility's tag labels; %s is its name */
  g_autofree char *name = g_strdup_printf (_("%s tags.pdf"), self->facility_name);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_strdelimit (name, "/\\", '-');
  self->chooser = gtk_file_chooser_native_new (_("Save Labels as PDF"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Printing */

typedef struct
{
  GPtrArray        *labels;
  FcTagSheetLayout  layout;
} PrintState;

static void
print_state_free (PrintState *state)
{
  g_ptr_array_unref (state->labels);
  g_free (state);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 PrintState        *state)
{
  /* Unit points and the full page: the context's origin is the paper's corner. */
  fc_tag_sheet_draw_page (gtk_print_context_get_cairo_context (context), &state->layout,
                          state->labels, (guint) page);
}

/* The operation holds itself until it is done: the dialog that started it is gone. */
static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  gpointer                 user_data)
{
  g_autoptr(GtkPrintOperation) self_ref = operation;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = g_object_get_data (G_OBJECT (operation), "fc-parent");

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      if (parent != NULL && error != NULL)
        {
          GtkWidget *dialog = adw_message_dialog_new (parent, _("The labels could not be printed"),
                                                      error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
}

static GtkPrintOperation *
print_operation (FcLabelSheetDialog *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PrintState *state = g_new0 (PrintState, 1);
  g_autofree char *job_name = g_strdup_printf (_("%s tags"), self->facility_name);

  state->labels = g_ptr_array_ref (self->labels);
  state->layout = self->layout;
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_n_pages (operation, (int) n_pages (self));
  gtk_print_operation_set_job_name (operation, job_name);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (on_draw_page_cb), state,
                         (GClosureNotify) print_state_free, 0);
  return operation;
}

static void
print_labels (FcLabelSheetDialog *self,
              const char         *export_path)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkPrintOperationResult result;
  g_autofree char *message = NULL;

  if (!fc_label_sheet_dialog_get_ready (self))
    return;
  operation = print_operation (self);
  if (export_path != NULL)
    {
      /* The same drawing through the print operation, into a file: what tests read back. */
      gtk_print_operation_set_export_filename (operation, export_path);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, &error);
    }
  else
    {
      gtk_print_operation_set_allow_async (operation, TRUE);
      if (parent != NULL)
        g_object_set_data_full (G_OBJECT (operation), "fc-parent", g_object_ref (parent), g_object_unref);
      g_signal_connect (g_object_ref (operation), "done", G_CALLBACK (on_print_done_cb), NULL);
      /* The print dialog replaces this one, over the window. */
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
    }
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
      gtk_label_set_text (self->error_label, error ? error->message : "");
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      return;
    }
  if (export_path != NULL)
    {
      message = g_strdup_printf (_("Labels saved as PDF: %s"), self->facility_name);
      g_signal_emit (self, signals[DONE], 0, message);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
go_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  FcLabelSheetDialog *self = FC_LABEL_SHEET_DIALOG (widget);

  if (self->output == FC_LABEL_SHEET_PRINT)
    print_labels (self, NULL);
  else
    choose_file (self);
}

static void
save_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  save_to (FC_LABEL_SHEET_DIALOG (widget), g_variant_get_string (parameter, NULL));
}

static void
print_to_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  print_labels (FC_LABEL_SHEET_DIALOG (widget), g_variant_get_string (parameter, NULL));
}

/**
 * fc_label_sheet_dialog_new:
 * @parent: the window
 * @service: the store service
 * @facility_id: whose equipment
 * @facility_name: its name
 * @output: print, or save as PDF
 *
 * Returns: (transfer none): the dialog, presented; "done" gives a sentence to show
 */
FcLabelSheetDialog *
fc_label_sheet_dialog_new (GtkWindow          *parent,
                           FcStoreService     *service,
                           const char         *facility_id,
                           const char         *facility_name,
                           FcLabelSheetOutput  output)
{
  FcLabelSheetDialog *self;

  g_return_val_if_fail (FC_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (facility_id != NULL, NULL);

  self = g_object_new (FC_TYPE_LABEL_SHEET_DIALOG, "transient-for", parent, NULL);
  self->service = g_object_ref (service);
  self->facility_id = g_strdup (facility_id);
  self->facility_name = g_strdup (facility_name ? facility_name : "");
  self->output = output;
  adw_window_title_set_title (self->window_title, output == FC_LABEL_SHEET_PRINT
                                                  ? _("Print Labels") : _("Save Labels as PDF"));
  adw_window_title_set_subtitle (self->window_title, self->facility_name);
  gtk_button_set_label (GTK_BUTTON (self->go_button),
                        output == FC_LABEL_SHEET_PRINT ? _("_Print…") : _("_Save…"));
  update (self);
  fc_store_service_run_async (self->service, labels_job, g_strdup (facility_id), g_free,
                              (GDestroyNotify) labels_free, self->cancellable, labels_done,
                              g_object_ref (self));
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

void
fc_label_sheet_dialog_set_grid (FcLabelSheetDialog *self,
                                guint               columns,
                                guint               rows,
                                double              label_width_mm,
                                double              label_height_mm)
{
  g_return_if_fail (FC_IS_LABEL_SHEET_DIALOG (self));

  gtk_spin_button_set_value (self->columns_spin, columns);
  gtk_spin_button_set_value (self->rows_spin, rows);
  gtk_spin_button_set_value (self->width_spin, label_width_mm);
  gtk_spin_button_set_value (self->height_spin, label_height_mm);
  update (self);
}

/* Returns: whether the labels are read and the grid fits: the sheet can be made */
gboolean
fc_label_sheet_dialog_get_ready (FcLabelSheetDialog *self)
{
  g_return_val_if_fail (FC_IS_LABEL_SHEET_DIALOG (self), FALSE);
  return self->labels != NULL && self->labels->len > 0 && self->layout_ok && !self->busy &&
         self->chooser == NULL;
}

guint
fc_label_sheet_dialog_get_n_labels (FcLabelSheetDialog *self)
{
  g_return_val_if_fail (FC_IS_LABEL_SHEET_DIALOG (self), 0);
  return self->labels ? self->labels->len : 0;
}

guint
fc_label_sheet_dialog_get_n_pages (FcLabelSheetDialog *self)
{
  g_return_val_if_fail (FC_IS_LABEL_SHEET_DIALOG (self), 0);
  return n_pages (self);
}

const char *
fc_label_sheet_dialog_get_summary (FcLabelSheetDialog *self)
{
  g_return_val_if_fail (FC_IS_LABEL_SHEET_DIALOG (self), NULL);
  return gtk_label_get_text (self->summary_label);
}

static void
fc_label_sheet_dialog_dispose (GObject *object)
{
  FcLabelSheetDialog *self = FC_LABEL_SHEET_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->service);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_LABEL_SHEET_DIALOG);
  G_OBJECT_CLASS (fc_label_sheet_dialog_parent_class)->dispose (object);
}

static void
fc_label_sheet_dialog_finalize (GObject *object)
{
  FcLabelSheetDialog *self = FC_LABEL_SHEET_DIALOG (object);

  g_free (self->facility_id);
  g_free (self->facility_name);
  G_OBJECT_CLASS (fc_label_sheet_dialog_parent_class)->finalize (object);
}

static void
fc_label_sheet_dialog_class_init (FcLabelSheetDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_label_sheet_dialog_dispose;
  object_class->finalize = fc_label_sheet_dialog_finalize;

  /**
   * FcLabelSheetDialog::done:
   * @message: what was made, to show the user
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-label-sheet-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcLabelSheetDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FcLabelSheetDialog, go_button);
  gtk_widget_class_bind_template_child (widget_class, FcLabelSheetDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FcLabelSheetDialog, note_label);
  gtk_widget_class_bind_template_child (widget_class, FcLabelSheetDialog, columns_spin);
  gtk_widget_class_bind_template_child (widget_class, FcLabelSheetDialog, rows_spin);
  gtk_widget_class_bind_template_child (widget_class, FcLabelSheetDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, FcLabelSheetDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, FcLabelSheetDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, FcLabelSheetDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_changed_cb);
  gtk_widget_class_install_action (widget_class, "labels.go", NULL, go_action);
  gtk_widget_class_install_action (widget_class, "labels.save-to", "s", save_to_action);
  gtk_widget_class_install_action (widget_class, "labels.print-to", "s", print_to_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fc_label_sheet_dialog_init (FcLabelSheetDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
