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
 * A held key is replayed as text, past any input method. So when an input
 * method is configured (pinyin, say) and a text field has the focus, keys go
 * to the field as they come and the input method sees them; a burst is still
 * told by its timing, and at its Enter the characters it typed are taken out
 * of the field again before the scan is announced.
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
  GString            *passed;     /* keys let through to a field, with an input method */
  guint               n_passed;
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

/* Returns: (nullable): the editable field or text view that has the focus */
static GtkWidget *
focused_text (FcScannerBurst *self)
{
  GtkRoot *root = self->widget ? gtk_widget_get_root (self->widget) : NULL;
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if ((GTK_IS_EDITABLE (w) && gtk_editable_get_editable (GTK_EDITABLE (w))) ||
        (GTK_IS_TEXT_VIEW (w) && gtk_text_view_get_editable (GTK_TEXT_VIEW (w))))
      return w;
  return NULL;
}

static gboolean
is_simple_im (const char *name)
{
  return name == NULL || *name == '\0' || g_str_equal (name, "simple") ||
         g_str_equal (name, "gtk-im-context-simple") || g_str_equal (name, "none");
}

/* An input method composes what is typed (pinyin into hanzi): it must see the keys. */
static gboolean
input_method_configured (void)
{
  g_autofree char *setting = NULL;
  const char *modifiers = g_getenv ("XMODIFIERS");

  g_object_get (gtk_settings_get_default (), "gtk-im-module", &setting, NULL);
  if (!is_simple_im (setting) || !is_simple_im (g_getenv ("GTK_IM_MODULE")))
    return TRUE;
  return modifiers != NULL && strstr (modifiers, "@im=") != NULL && strstr (modifiers, "@im=none") == NULL;
}

/* Takes a burst that reached a field back out of it: the text just before the cursor. */
static void
take_back (GtkWidget  *field,
           const char *text)
{
  glong n = g_utf8_strlen (text, -1);

  if (GTK_IS_EDITABLE (field))
    {
      GtkEditable *editable = GTK_EDITABLE (field);
      int end = gtk_editable_get_position (editable);
      g_autofree char *typed = end >= n ? gtk_editable_get_chars (editable, end - (int) n, end) : NULL;

      if (typed != NULL && g_str_equal (typed, text))
        gtk_editable_delete_text (editable, end - (int) n, end);
    }
  else if (GTK_IS_TEXT_VIEW (field))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field));
      GtkTextIter start, end;
      g_autofree char *typed = NULL;

      gtk_text_buffer_get_iter_at_mark (buffer, &end, gtk_text_buffer_get_insert (buffer));
      start = end;
      if (gtk_text_iter_backward_chars (&start, (int) n))
        {
          typed = gtk_text_iter_get_text (&start, &end);
          if (g_str_equal (typed, text))
            gtk_text_buffer_delete (buffer, &start, &end);
        }
    }
}

/* Puts typed text where the focused widget would have put it. Elsewhere
 * printable keys do nothing that matters (a list's type-ahead at most). */
static void
replay (FcScannerBurst *self,
        const char     *text)
{
  GtkWidget *w = focused_text (self);

  if (w != NULL && GTK_IS_EDITABLE (w))
    {
      GtkEditable *editable = GTK_EDITABLE (w);
      int position;

      gtk_editable_delete_selection (editable);
      position = gtk_editable_get_position (editable);
      gtk_editable_insert_text (editable, text, -1, &position);
      gtk_editable_set_position (editable, position);
    }
  else if (w != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (w));

      gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
    }
}

static void
forget_passed (FcScannerBurst *self)
{
  g_string_truncate (self->passed, 0);
  self->n_passed = 0;
}

static void
announce (FcScannerBurst *self,
          const char     *text)
{
  self->n_scans++;
  g_debug ("scanner burst of %u bytes", (guint) strlen (text));
  g_signal_emit (self, signals[SCANNED], 0, text);
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
      if (self->n_passed >= FC_SCANNER_BURST_MIN_CHARS &&
          gap <= FC_SCANNER_BURST_MAX_GAP_MS * ENTER_GAP_FACTOR)
        {
          g_autofree char *text = g_strndup (self->passed->str, self->passed->len);
          GtkWidget *field = focused_text (self);

          forget_passed (self);
          if (field != NULL)
            take_back (field, text);
          announce (self, text);
          return GDK_EVENT_STOP;
        }
      forget_passed (self);
      if (self->n_held >= FC_SCANNER_BURST_MIN_CHARS &&
          gap <= FC_SCANNER_BURST_MAX_GAP_MS * ENTER_GAP_FACTOR)
        {
          g_autofree char *text = g_strndup (self->held->str, self->held->len);

          g_clear_handle_id (&self->flush_id, g_source_remove);
          g_string_truncate (self->held, 0);
          self->n_held = 0;
          announce (self, text);
          return GDK_EVENT_STOP;
        }
      flush (self);
      return GDK_EVENT_PROPAGATE;
    }

  /* No code starts with a space, and a space on a button must press it. */
  if (!printable || (self->n_held == 0 && c == ' '))
    {
      flush (self);
      forget_passed (self);
      return GDK_EVENT_PROPAGATE;
    }

  if (self->n_held == 0 && focused_text (self) != NULL && input_method_configured ())
    {
      if (self->n_passed > 0 && gap > FC_SCANNER_BURST_MAX_GAP_MS)
        forget_passed (self);
      g_string_append_unichar (self->passed, c);
      self->n_passed++;
      self->last_time = time;
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
  g_string_free (self->passed, TRUE);
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
  self->passed = g_string_new (NULL);
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
