/* fc-preferences.c: the settings page, and the settings the rest of the app reads
 *
 * One GSettings for the process, made on first use: the page binds its rows to
 * it and the pages that need a value read it when they need it, so a change
 * made here holds for the next photo taken or hazard recorded. Without the
 * schema installed (a test that runs without GSETTINGS_SCHEMA_DIR) the values
 * are the schema's defaults and the page is empty of effect.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-preferences.h"

struct _FcPreferences
{
  AdwPreferencesWindow  parent_instance;

  GtkSpinButton        *max_edge_spin;
  GtkSpinButton        *quality_spin;
  GtkSwitch            *location_switch;
  GtkSpinButton        *general_days_spin;
  GtkSpinButton        *major_days_spin;
  GtkSpinButton        *share_spin;
  GtkSwitch            *contrast_switch;
  AdwEntryRow          *server_row;
  GtkSwitch            *sync_switch;
};

G_DEFINE_FINAL_TYPE (FcPreferences, fc_preferences, ADW_TYPE_PREFERENCES_WINDOW)

/**
 * fc_settings_get:
 *
 * Returns: (transfer none) (nullable): the application's settings, or %NULL
 *   when the schema is not installed
 */
GSettings *
fc_settings_get (void)
{
  static GSettings *settings;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
      if (schema != NULL)
        settings = g_settings_new (APP_ID);
      g_once_init_leave (&once, 1);
    }
  return settings;
}

static int
get_int (const char *key,
         int         fallback)
{
  GSettings *settings = fc_settings_get ();

  return settings != NULL ? g_settings_get_int (settings, key) : fallback;
}

/**
 * fc_settings_get_photo:
 * @photo: (out caller-allocates): the longest edge, the JPEG quality and
 *   whether a known location is kept, for a photo taken with the camera
 */
void
fc_settings_get_photo (FcPhotoSettings *photo)
{
  GSettings *settings = fc_settings_get ();

  g_return_if_fail (photo != NULL);

  photo->max_edge = (guint) get_int ("photo-max-edge", 2560);
  photo->jpeg_quality = get_int ("photo-jpeg-quality", 90);
  photo->store_location = settings != NULL && g_settings_get_boolean (settings, "store-photo-location");
}

/**
 * fc_settings_get_deadline_days:
 * @major: for a major hazard rather than a general one
 *
 * Returns: the days a new hazard is given for rectification by default
 */
guint
fc_settings_get_deadline_days (gboolean major)
{
  return (guint) (major ? get_int ("major-deadline-days", 90) : get_int ("general-deadline-days", 30));
}

/* Returns: the share of closed general hazards a look-back round picks */
double
fc_settings_get_look_back_share (void)
{
  GSettings *settings = fc_settings_get ();

  return settings != NULL ? g_settings_get_double (settings, "look-back-general-share") : 0.2;
}

/* The share is kept from 0 to 1 and shown in percent. */
static gboolean
share_to_percent (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100.0);
  return TRUE;
}

static GVariant *
percent_to_share (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_double (CLAMP (g_value_get_double (value) / 100.0, 0.0, 1.0));
}

static void
fc_preferences_class_init (FcPreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, FcPreferences, max_edge_spin);
  gtk_widget_class_bind_template_child (widget_class, FcPreferences, quality_spin);
  gtk_widget_class_bind_template_child (widget_class, FcPreferences, location_switch);
  gtk_widget_class_bind_template_child (widget_class, FcPreferences, general_days_spin);
  gtk_widget_class_bind_template_child (widget_class, FcPreferences, major_days_spin);
  gtk_widget_class_bind_template_child (widget_class, FcPreferences, share_spin);
  gtk_widget_class_bind_template_child (widget_class, FcPreferences, contrast_switch);
  gtk_widget_class_bind_template_child (widget_class, FcPreferences, server_row);
  gtk_widget_class_bind_template_child (widget_class, FcPreferences, sync_switch);
}

static void
fc_preferences_init (FcPreferences *self)
{
  GSettings *settings = fc_settings_get ();
  static const struct
  {
    const char *key;
    gsize       offset;
    const char *property;
  } bindings[] = {
    { "photo-max-edge", G_STRUCT_OFFSET (FcPreferences, max_edge_spin), "value" },
    { "photo-jpeg-quality", G_STRUCT_OFFSET (FcPreferences, quality_spin), "value" },
    { "store-photo-location", G_STRUCT_OFFSET (FcPreferences, location_switch), "active" },
    { "general-deadline-days", G_STRUCT_OFFSET (FcPreferences, general_days_spin), "value" },
    { "major-deadline-days", G_STRUCT_OFFSET (FcPreferences, major_days_spin), "value" },
    { "high-contrast", G_STRUCT_OFFSET (FcPreferences, contrast_switch), "active" },
    { "server-url", G_STRUCT_OFFSET (FcPreferences, server_row), "text" },
    { "sync-automatically", G_STRUCT_OFFSET (FcPreferences, sync_switch), "active" },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  if (settings == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    g_settings_bind (settings, bindings[i].key,
                     G_STRUCT_MEMBER (GObject *, self, bindings[i].offset), bindings[i].property,
                     G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "look-back-general-share", self->share_spin, "value",
                                G_SETTINGS_BIND_DEFAULT, share_to_percent, percent_to_share,
                                NULL, NULL);
}

/**
 * fc_preferences_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): the settings window, shown
 */
FcPreferences *
fc_preferences_new (GtkWindow *parent)
{
  FcPreferences *self = g_object_new (FC_TYPE_PREFERENCES, "transient-for", parent,
                                      "modal", parent != NULL, NULL);

  gtk_window_present (GTK_WINDOW (self));
  return self;
}
