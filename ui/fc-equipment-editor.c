/* fc-equipment-editor.c: add or edit one piece of a facility's equipment
 *
 * A modal window over the equipment register. Saving goes through the
 * window's store service: a new piece is one insert op, an edit one update op
 * naming only the fields that changed, so two devices editing different
 * fields of the same equipment never conflict. What the core refuses (a tag
 * already on other equipment, a day that is not a date) is shown in the
 * editor, which stays open with what was typed.
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "fc-equipment.h"
#include "fc-equipment-editor.h"

struct _FcEquipmentEditor
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *window_title;
  GtkWidget       *save_button;
  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
  AdwComboRow     *kind_row;
  AdwEntryRow     *name_row;
  AdwEntryRow     *location_row;
  AdwEntryRow     *tag_row;
  AdwEntryRow     *installed_row;
  AdwEntryRow     *serviced_row;
  AdwEntryRow     *expires_row;
  GtkWidget       *retire_group;
  GtkWidget       *return_group;

  FcStoreService  *service;
  GCancellable    *cancellable;
  char            *facility_id;
  JsonObject      *original;   /* nullable: a new piece */
  char            *error;
  gboolean         saving;
};

G_DEFINE_FINAL_TYPE (FcEquipmentEditor, fc_equipment_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  const char *field;
  gsize       offset;
} Field;

/* The text fields, as fc_equipment_edit() names them. */
static const Field fields[] = {
  { "name", G_STRUCT_OFFSET (FcEquipmentEditor, name_row) },
  { "location", G_STRUCT_OFFSET (FcEquipmentEditor, location_row) },
  { "tag_code", G_STRUCT_OFFSET (FcEquipmentEditor, tag_row) },
  { "installed_on", G_STRUCT_OFFSET (FcEquipmentEditor, installed_row) },
  { "last_serviced_on", G_STRUCT_OFFSET (FcEquipmentEditor, serviced_row) },
  { "expires_on", G_STRUCT_OFFSET (FcEquipmentEditor, expires_row) },
};

static AdwEntryRow *
field_row (FcEquipmentEditor *self,
           const Field       *field)
{
  return G_STRUCT_MEMBER (AdwEntryRow *, self, field->offset);
}

static char *
field_text (FcEquipmentEditor *self,
            const Field       *field)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (field_row (self, field)))));
}

static const char *
original_text (FcEquipmentEditor *self,
               const char        *field)
{
  const char *value = NULL;

  if (self->original != NULL)
    value = json_object_get_string_member_with_default (self->original, field, NULL);
  return value != NULL ? value : "";
}

static void
show_error (FcEquipmentEditor *self,
            const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

typedef struct
{
  char      *equipment_id;   /* NULL: add */
  char      *facility_id;
  char      *kind;
  GPtrArray *changes;        /* field, value, …, NULL */
} SaveRequest;

static void
save_request_free (SaveRequest *request)
{
  g_free (request->equipment_id);
  g_free (request->facility_id);
  g_free (request->kind);
  g_ptr_array_unref (request->changes);
  g_free (request);
}

static const char *
change_value (SaveRequest *request,
              const char  *field)
{
  for (guint i = 0; i + 1 < request->changes->len; i += 2)
    if (g_str_equal (request->changes->pdata[i], field))
      {
        const char *value = request->changes->pdata[i + 1];

        return *value != '\0' ? value : NULL;
      }
  return NULL;
}

static gpointer
save_job (FcStore   *store,
          gpointer   data,
          GError   **error)
{
  SaveRequest *request = data;

  if (request->equipment_id == NULL)
    {
      FcEquipmentRecord record = {
        .facility_id = request->facility_id,
        .kind = request->kind,
        .name = change_value (request, "name"),
        .location = change_value (request, "location"),
        .tag_code = change_value (request, "tag_code"),
        .installed_on = change_value (request, "installed_on"),
        .last_serviced_on = change_value (request, "last_serviced_on"),
        .expires_on = change_value (request, "expires_on"),
      };

      return fc_equipment_add (store, &record, error);
    }
  if (request->changes->len > 1 &&
      !fc_equipment_edit (store, request->equipment_id,
                          (const char *const *) request->changes->pdata, error))
    return NULL;
  return g_strdup (request->equipment_id);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FcEquipmentEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error);

  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static const char *
selected_kind (FcEquipmentEditor *self)
{
  const char *const *kinds = fc_equipment_kinds ();
  guint index = adw_combo_row_get_selected (self->kind_row);

  return index < g_strv_length ((char **) kinds) ? kinds[index] : NULL;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcEquipmentEditor *self = FC_EQUIPMENT_EDITOR (widget);
  SaveRequest *request;
  g_autofree char *name = NULL;
  const char *kind = selected_kind (self);

  if (self->saving)
    return;
  name = field_text (self, &fields[0]);
  if (*name == '\0')
    {
      show_error (self, _("Give the equipment a name, as it is known on site"));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }

  request = g_new0 (SaveRequest, 1);
  request->changes = g_ptr_array_new_with_free_func (g_free);
  request->facility_id = g_strdup (self->facility_id);
  request->kind = g_strdup (kind);
  if (self->original != NULL)
    {
      request->equipment_id = g_strdup (json_object_get_string_member (self->original, "id"));
      if (g_strcmp0 (kind, original_text (self, "kind")) != 0)
        {
          g_ptr_array_add (request->changes, g_strdup ("kind"));
          g_ptr_array_add (request->changes, g_strdup (kind));
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = field_text (self, &fields[i]);

      /* Only what changed: an edit names its fields, a new piece names what is filled in. */
      if (g_strcmp0 (value, original_text (self, fields[i].field)) == 0)
        continue;
      g_ptr_array_add (request->changes, g_strdup (fields[i].field));
      g_ptr_array_add (request->changes, g_steal_pointer (&value));
    }
  g_ptr_array_add (request->changes, NULL);

  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  fc_store_service_run_async (self->service, save_job, request, (GDestroyNotify) save_request_free,
                              g_free, self->cancellable, save_done, g_object_ref (self));
}

static void
retire_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcEquipmentEditor *self = FC_EQUIPMENT_EDITOR (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (self->original == NULL || parent == NULL)
    return;
  /* The reason is asked over the register; this editor is done. */
  gtk_widget_activate_action (GTK_WIDGET (parent), "win.retire-equipment", "s",
                              json_object_get_string_member (self->original, "id"));
  gtk_window_destroy (GTK_WINDOW (self));
}

static gpointer
return_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  if (!fc_equipment_return_to_service (store, data, error))
    return NULL;
  return g_strdup (data);
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcEquipmentEditor *self = FC_EQUIPMENT_EDITOR (widget);

  if (self->original == NULL || self->saving)
    return;
  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  fc_store_service_run_async (self->service, return_job,
                              g_strdup (json_object_get_string_member (self->original, "id")),
                              g_free, g_free, self->cancellable, save_done, g_object_ref (self));
}

static void
on_day_selected_cb (GtkCalendar *calendar,
                    GtkEditable *entry)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");

  gtk_editable_set_text (entry, text);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER)));
}

static void
on_calendar_shown_cb (GtkPopover  *popover,
                      GtkEditable *entry)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  guint y, m, d;
  char end;

  /* Open on the day already written, if it is one. */
  if (sscanf (gtk_editable_get_text (entry), "%4u-%2u-%2u%c", &y, &m, &d, &end) == 3 &&
      g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_autoptr(GDateTime) day = g_date_time_new_local ((int) y, (int) m, (int) d, 12, 0, 0);

      g_signal_handlers_block_by_func (calendar, on_day_selected_cb, entry);
      gtk_calendar_select_day (calendar, day);
      g_signal_handlers_unblock_by_func (calendar, on_day_selected_cb, entry);
    }
}

/* A day picker beside a date row: typing YYYY-MM-DD with gloves on is slow. */
static void
add_calendar (AdwEntryRow *row)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_tooltip_text (button, _("Pick a Day"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (button, 48, 48);
  gtk_widget_add_css_class (button, "flat");
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (on_day_selected_cb), row);
  g_signal_connect (popover, "show", G_CALLBACK (on_calendar_shown_cb), row);
  adw_entry_row_add_suffix (row, button);
}

static void
fill (FcEquipmentEditor *self,
      JsonObject        *equipment,
      const char        *tag_code)
{
  const char *const *kinds = fc_equipment_kinds ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gboolean retired;

  for (guint i = 0; kinds[i] != NULL; i++)
    gtk_string_list_append (labels, fc_equipment_kind_label (kinds[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (labels));

  if (equipment != NULL)
    {
      self->original = json_object_ref (equipment);
      fc_equipment_editor_set_kind (self, original_text (self, "kind"));
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        gtk_editable_set_text (GTK_EDITABLE (field_row (self, &fields[i])),
                               original_text (self, fields[i].field));
    }
  else
    fc_equipment_editor_set_kind (self, "extinguisher");
  if (tag_code != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->tag_row), tag_code);
  retired = equipment != NULL && json_object_get_int_member_with_default (equipment, "retired", 0) != 0;
  gtk_widget_set_visible (self->retire_group, equipment != NULL && !retired);
  gtk_widget_set_visible (self->return_group, retired);
}

/**
 * fc_equipment_editor_new:
 * @parent: the window the editor is over, whose win.retire-equipment it uses
 * @service: the store service that saves
 * @facility_id: the facility new equipment belongs to
 * @facility_name: its name, for the title
 * @equipment: (nullable): the equipment to edit, as fc_equipment_get() gives
 *   it; %NULL to add a new piece
 * @tag_code: (nullable): a tag code to fill in, as when a scanned tag is registered
 *
 * Returns: (transfer none): the editor, presented; "saved" says the new or edited id
 */
FcEquipmentEditor *
fc_equipment_editor_new (GtkWindow      *parent,
                         FcStoreService *service,
                         const char     *facility_id,
                         const char     *facility_name,
                         JsonObject     *equipment,
                         const char     *tag_code)
{
  FcEquipmentEditor *self;

  g_return_val_if_fail (FC_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (facility_id != NULL, NULL);

  self = g_object_new (FC_TYPE_EQUIPMENT_EDITOR, "transient-for", parent, NULL);
  self->service = g_object_ref (service);
  self->facility_id = g_strdup (facility_id);
  fill (self, equipment, tag_code);
  adw_window_title_set_title (self->window_title,
                              equipment != NULL ? _("Edit Equipment") : _("New Equipment"));
  adw_window_title_set_subtitle (self->window_title, facility_name);
  gtk_window_present (GTK_WINDOW (self));
  if (equipment == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

/* Returns: (nullable): the equipment being edited, %NULL for a new piece */
const char *
fc_equipment_editor_get_equipment_id (FcEquipmentEditor *self)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_EDITOR (self), NULL);
  return self->original ? json_object_get_string_member (self->original, "id") : NULL;
}

/* Returns: (transfer none) (nullable): the entry of a text field, by the name the core uses */
GtkEditable *
fc_equipment_editor_get_field (FcEquipmentEditor *self,
                               const char        *field)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_EDITOR (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].field, field))
      return GTK_EDITABLE (field_row (self, &fields[i]));
  return NULL;
}

/* Returns: whether @kind is a kind of equipment, now chosen */
gboolean
fc_equipment_editor_set_kind (FcEquipmentEditor *self,
                              const char        *kind)
{
  const char *const *kinds = fc_equipment_kinds ();

  g_return_val_if_fail (FC_IS_EQUIPMENT_EDITOR (self), FALSE);

  for (guint i = 0; kinds[i] != NULL; i++)
    if (g_strcmp0 (kinds[i], kind) == 0)
      {
        adw_combo_row_set_selected (self->kind_row, i);
        return TRUE;
      }
  return FALSE;
}

const char *
fc_equipment_editor_get_kind (FcEquipmentEditor *self)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_EDITOR (self), NULL);
  return selected_kind (self);
}

/* Returns: (nullable): what the last save was refused for */
const char *
fc_equipment_editor_get_error (FcEquipmentEditor *self)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_EDITOR (self), NULL);
  return self->error;
}

static void
fc_equipment_editor_dispose (GObject *object)
{
  FcEquipmentEditor *self = FC_EQUIPMENT_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->original, json_object_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_EQUIPMENT_EDITOR);
  G_OBJECT_CLASS (fc_equipment_editor_parent_class)->dispose (object);
}

static void
fc_equipment_editor_finalize (GObject *object)
{
  FcEquipmentEditor *self = FC_EQUIPMENT_EDITOR (object);

  g_free (self->facility_id);
  g_free (self->error);
  G_OBJECT_CLASS (fc_equipment_editor_parent_class)->finalize (object);
}

static void
fc_equipment_editor_class_init (FcEquipmentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_equipment_editor_dispose;
  object_class->finalize = fc_equipment_editor_finalize;

  /**
   * FcEquipmentEditor::saved:
   * @id: the equipment added or edited
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-equipment-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, location_row);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, tag_row);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, installed_row);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, serviced_row);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, expires_row);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, retire_group);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentEditor, return_group);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.retire", NULL, retire_action);
  gtk_widget_class_install_action (widget_class, "editor.return", NULL, return_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fc_equipment_editor_init (FcEquipmentEditor *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  add_calendar (self->installed_row);
  add_calendar (self->serviced_row);
  add_calendar (self->expires_row);
}
