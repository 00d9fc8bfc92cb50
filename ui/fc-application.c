/* fc-application.c: the Fieldcheck application
 *
 * --db PATH opens that database; --demo opens (and on first use fills) the
 * demo district in its own file, so a demo never mixes with real work.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-application.h"
#include "fc-preferences.h"
#include "fc-window.h"

struct _FcApplication
{
  AdwApplication  parent_instance;
  char           *db_path;
  gboolean        demo;
  GtkCssProvider *high_contrast;
  FcStoreService *service;
};

G_DEFINE_FINAL_TYPE (FcApplication, fc_application, ADW_TYPE_APPLICATION)

FcApplication *
fc_application_new (void)
{
  return g_object_new (FC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/fieldcheck/Fieldcheck",
                       NULL);
}

const char *
fc_application_get_db_path (FcApplication *self)
{
  g_return_val_if_fail (FC_IS_APPLICATION (self), NULL);
  return self->db_path;
}

gboolean
fc_application_get_demo (FcApplication *self)
{
  g_return_val_if_fail (FC_IS_APPLICATION (self), FALSE);
  return self->demo;
}

/**
 * fc_application_take_store_service:
 * @self: the application
 *
 * Returns: (transfer full): the store service opened at start-up for the
 *   first window, or a new one on the application's database
 */
FcStoreService *
fc_application_take_store_service (FcApplication *self)
{
  g_return_val_if_fail (FC_IS_APPLICATION (self), NULL);

  if (self->service != NULL)
    return g_steal_pointer (&self->service);
  return fc_store_service_new (self->db_path, self->demo);
}

static int
fc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  FcApplication *self = FC_APPLICATION (app);
  g_autofree char *db = NULL;

  if (g_variant_dict_lookup (options, "db", "^ay", &db))
    self->db_path = g_steal_pointer (&db);
  self->demo = g_variant_dict_contains (options, "demo");

  if (self->db_path == NULL)
    self->db_path = g_build_filename (g_get_user_data_dir (), "fieldcheck",
                                      self->demo ? "demo.db" : "fieldcheck.db", NULL);

  self->service = fc_store_service_new (self->db_path, self->demo);
  fc_window_load_ahead (self->service);
  return -1;
}

static void
fc_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (fc_window_new (FC_APPLICATION (app)));
  gtk_window_present (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "Fieldcheck team", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Fieldcheck"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Offline safety inspection of care institutions"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  fc_preferences_new (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

/* The setting holds whatever the desktop asks for. */
static void
on_high_contrast_changed_cb (GSettings     *settings,
                             const char    *key,
                             FcApplication *self)
{
  GdkDisplay *display = gdk_display_get_default ();
  gboolean wanted = g_settings_get_boolean (settings, "high-contrast");

  if (display == NULL || wanted == (self->high_contrast != NULL))
    return;
  if (wanted)
    {
      self->high_contrast = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (self->high_contrast,
                                           "/org/fieldcheck/Fieldcheck/high-contrast.css");
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (self->high_contrast),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    }
  else
    {
      gtk_style_context_remove_provider_for_display (display,
                                                     GTK_STYLE_PROVIDER (self->high_contrast));
      g_clear_object (&self->high_contrast);
    }
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
fc_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "preferences", preferences_action },
    { "quit", quit_action },
  };
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  GSettings *settings;

  G_APPLICATION_CLASS (fc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);

  settings = fc_settings_get ();
  if (settings != NULL)
    {
      g_signal_connect_object (settings, "changed::high-contrast",
                               G_CALLBACK (on_high_contrast_changed_cb), app, 0);
      on_high_contrast_changed_cb (settings, "high-contrast", FC_APPLICATION (app));
    }
}

static void
fc_application_finalize (GObject *object)
{
  FcApplication *self = FC_APPLICATION (object);

  g_free (self->db_path);
  g_clear_object (&self->high_contrast);
  g_clear_object (&self->service);
  G_OBJECT_CLASS (fc_application_parent_class)->finalize (object);
}

static void
fc_application_class_init (FcApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = fc_application_finalize;
  app_class->handle_local_options = fc_application_handle_local_options;
  app_class->activate = fc_application_activate;
  app_class->startup = fc_application_startup;
}

static void
fc_application_init (FcApplication *self)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open this database file"), N_("PATH") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the demo district"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}
