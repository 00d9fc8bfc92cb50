/* fc-scanner-burst.c: a hardware scanner's burst of keystrokes, told from typing
 *
 * Rugged handhelds have a scanner that "types" the code it reads, a few
 * milliseconds a key, then Enter. A key controller in the capture phase of
 * the window sees every key before the focused widget does. Printable keys
 * are held back while they come fast; Enter after enough of them is a scan,
 * and nothing reaches the focus. A gap longer than a scanner leaves, or any
 * other key, means a person is typing: the held keys are replayed into the
 * focused field as text, a few tens of milliseconds late.
 *
 * Known limit: a held key is replayed as text, past any input method, so
 * the first letter of pinyin typed after a pause reaches the field as a
 * letter. Scanners that can send a prefix key would avoid the guess.
 */

#include "config.h"

#include <string.h>

#include "fc-scanner-burst.h"

/* With no next key for this long, the held keys were typed by a person. The
 * timestamps decide; the timer only ends the wait when no key follows. */
#define FLUSH_AFTER_MS 80
/* Enter may come a little later than the characters. */
#define ENTER_GAP_FACTOR 3

struct _FcScannerBurst
{
  GObject             parent_instance;

  GtkWidget          *widget;     /* weak */
  GtkEventController *controller;
  GString            *held;
  guint               n_held;
  guint32             last_time;
  guint               flush_id;
  guint               n_scans;
};

G_DEFINE_FINAL_TYPE (FcScannerBurst, fc_scanner_burst, G_TYPE_OBJECT)

enum {
  SCANNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Puts typed text where the focused widget would have put it. */
static void
replay (FcScannerBurst *self,
        const char     *text)
{
  GtkRoot *root = self->widget ? gtk_widget_get_root (self->widget) : NULL;
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    {
      if (GTK_IS_EDITABLE (w) && gtk_editable_get_editable (GTK_EDITABLE (w)))
        {
          GtkEditable *editable = GTK_EDITABLE (w);
          int position;

          gtk_editable_delete_selection (editable);
          position = gtk_editable_get_position (editable);
          gtk_editable_insert_text (editable, text, -1, &position);
          gtk_editable_set_position (editable, position);
          return;
        }
      if (GTK_IS_TEXT_VIEW (w) && gtk_text_view_get_editable (GTK_TEXT_VIEW (w)))
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (w));

          gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
          gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
          return;
        }
    }
  /* Elsewhere printable keys do nothing that matters (a list's type-ahead at most). */
}

static void
flush (FcScannerBurst *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->held->len > 0)
    {
      g_autofree char *text = g_strndup (self->held->str, self->held->len);

      g_string_truncate (self->held, 0);
      self->n_held = 0;
      replay (self, text);
    }
}

static gboolean
flush_cb (gpointer data)
{
  FcScannerBurst *self = data;

  self->flush_id = 0;
  flush (self);
  return G_SOURCE_REMOVE;
}

static gboolean
is_modifier (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Shift_L:
    case GDK_KEY_Shift_R:
    case GDK_KEY_Caps_Lock:
    case GDK_KEY_Shift_Lock:
    case GDK_KEY_ISO_Level3_Shift:
    case GDK_KEY_ISO_Level5_Shift:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   FcScannerBurst        *self)
{
  guint32 time = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (controller));
  guint32 gap = time - self->last_time;
  gunichar c = gdk_keyval_to_unicode (keyval);
  gboolean printable = c != 0 && g_unichar_isprint (c) &&
                       (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) == 0;

  /* Scanners press Shift for capitals: neither part of the code nor a reason to stop. */
  if (is_modifier (keyval))
    return GDK_EVENT_PROPAGATE;

  /* Scanners end with Enter; some can be set to send a line feed instead. */
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter ||
      keyval == GDK_KEY_Linefeed)
    {
      if (self->n_held >= FC_SCANNER_BURST_MIN_CHARS &&
          gap <= FC_SCANNER_BURST_MAX_GAP_MS * ENTER_GAP_FACTOR)
        {
          g_autofree char *text = g_strndup (self->held->str, self->held->len);

          g_clear_handle_id (&self->flush_id, g_source_remove);
          g_string_truncate (self->held, 0);
          self->n_held = 0;
          self->n_scans++;
          g_debug ("scanner burst of %u bytes", (guint) strlen (text));
          g_signal_emit (self, signals[SCANNED], 0, text);
          return GDK_EVENT_STOP;
        }
      flush (self);
      return GDK_EVENT_PROPAGATE;
    }

  /* No code starts with a space, and a space on a button must press it. */
  if (!printable || (self->n_held == 0 && c == ' '))
    {
      flush (self);
      return GDK_EVENT_PROPAGATE;
    }

  if (self->n_held > 0 && gap > FC_SCANNER_BURST_MAX_GAP_MS)
    flush (self);
  g_string_append_unichar (self->held, c);
  self->n_held++;
  self->last_time = time;
  g_clear_handle_id (&self->flush_id, g_source_remove);
  self->flush_id = g_timeout_add (FLUSH_AFTER_MS, flush_cb, self);
  return GDK_EVENT_STOP;
}

static void
on_focus_left_cb (FcScannerBurst *self)
{
  /* Keys held when the window loses the focus were typed into it. */
  flush (self);
}

static void
fc_scanner_burst_dispose (GObject *object)
{
  FcScannerBurst *self = FC_SCANNER_BURST (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->widget != NULL)
    {
      gtk_widget_remove_controller (self->widget, self->controller);
      g_object_remove_weak_pointer (G_OBJECT (self->widget), (gpointer *) &self->widget);
      self->widget = NULL;
    }
  self->controller = NULL;
  G_OBJECT_CLASS (fc_scanner_burst_parent_class)->dispose (object);
}

static void
fc_scanner_burst_finalize (GObject *object)
{
  FcScannerBurst *self = FC_SCANNER_BURST (object);

  g_string_free (self->held, TRUE);
  G_OBJECT_CLASS (fc_scanner_burst_parent_class)->finalize (object);
}

static void
fc_scanner_burst_class_init (FcScannerBurstClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_scanner_burst_dispose;
  object_class->finalize = fc_scanner_burst_finalize;

  /**
   * FcScannerBurst::scanned:
   * @text: what the scanner typed, without the Enter
   */
  signals[SCANNED] = g_signal_new ("scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fc_scanner_burst_init (FcScannerBurst *self)
{
  self->held = g_string_new (NULL);
}

/**
 * fc_scanner_burst_new:
 * @widget: the window whose keys to watch
 *
 * Watches @widget's keys for scanner bursts until the result is finalized or
 * @widget goes.
 *
 * Returns: (transfer full): the watcher
 */
FcScannerBurst *
fc_scanner_burst_new (GtkWidget *widget)
{
  FcScannerBurst *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_object_new (FC_TYPE_SCANNER_BURST, NULL);
  self->widget = widget;
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &self->widget);
  self->controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (self->controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (self->controller, "fc-scanner-burst");
  g_signal_connect_object (self->controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self, 0);
  gtk_widget_add_controller (widget, self->controller);
  if (GTK_IS_WINDOW (widget))
    g_signal_connect_object (widget, "notify::is-active", G_CALLBACK (on_focus_left_cb), self,
                             G_CONNECT_SWAPPED);
  return self;
}

/* Returns: how many bursts were taken as scans */
guint
fc_scanner_burst_get_n_scans (FcScannerBurst *self)
{
  g_return_val_if_fail (FC_IS_SCANNER_BURST (self), 0);
  return self->n_scans;
}
