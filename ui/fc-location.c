/* fc-location.c: the device's position from the desktop's location portal
 *
 * org.freedesktop.portal.Location is the one way to a position that works the
 * same inside the Flatpak (portals need no permission in the manifest) and on
 * a desktop where xdg-desktop-portal runs. A session is asked for at the
 * finest accuracy, started, and then speaks through LocationUpdated until it
 * is closed. Every step is asynchronous: a portal that is missing, slow, or
 * waiting on the person to allow it never holds up the main loop, and any
 * failure only leaves the position unknown.
 */

#include "config.h"

#include <math.h>

#include "fc-location.h"

#define PORTAL_BUS_NAME    "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"
#define LOCATION_INTERFACE "org.freedesktop.portal.Location"
#define SESSION_INTERFACE  "org.freedesktop.portal.Session"
#define REQUEST_INTERFACE  "org.freedesktop.portal.Request"
#define ACCURACY_EXACT     5u

struct _FcLocation
{
  GObject          parent_instance;

  FcLocationState  state;
  gboolean         has_fix;
  FcLocationFix    fix;

  GCancellable    *cancellable;
  GDBusConnection *bus;
  char            *session_path;
  char            *request_path;
  gboolean         session_asked;
  guint            updated_id;
  guint            closed_id;
  guint            response_id;
};

G_DEFINE_FINAL_TYPE (FcLocation, fc_location, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_state (FcLocation      *self,
           FcLocationState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
unavailable (FcLocation   *self,
             const GError *error)
{
  if (error != NULL)
    g_debug ("no location: %s", error->message);
  /* A fix already known stays good for as long as it is young. */
  if (!self->has_fix)
    set_state (self, FC_LOCATION_UNAVAILABLE);
}

static void
unsubscribe (FcLocation *self,
             guint      *id)
{
  if (*id != 0 && self->bus != NULL)
    g_dbus_connection_signal_unsubscribe (self->bus, *id);
  *id = 0;
}

static void
location_updated_cb (GDBusConnection *bus,
                     const char      *sender,
                     const char      *path,
                     const char      *interface,
                     const char      *signal,
                     GVariant        *parameters,
                     gpointer         user_data)
{
  FcLocation *self = user_data;
  g_autoptr(GVariant) location = NULL;
  const char *session = NULL;
  guint64 seconds = 0, microseconds = 0;
  double latitude, longitude;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(oa{sv})")))
    return;
  g_variant_get (parameters, "(&o@a{sv})", &session, &location);
  if (g_strcmp0 (session, self->session_path) != 0)
    return;
  if (!g_variant_lookup (location, "Latitude", "d", &latitude) ||
      !g_variant_lookup (location, "Longitude", "d", &longitude) ||
      !isfinite (latitude) || !isfinite (longitude) ||
      fabs (latitude) > 90 || fabs (longitude) > 180)
    return;
  self->fix.latitude = latitude;
  self->fix.longitude = longitude;
  if (!g_variant_lookup (location, "Accuracy", "d", &self->fix.accuracy) ||
      !isfinite (self->fix.accuracy))
    self->fix.accuracy = -1;
  if (g_variant_lookup (location, "Timestamp", "(tt)", &seconds, &microseconds) && seconds > 0)
    self->fix.timestamp = (gint64) seconds * G_USEC_PER_SEC + (gint64) microseconds;
  else
    self->fix.timestamp = g_get_real_time ();
  self->has_fix = TRUE;
  self->state = FC_LOCATION_FIXED;
  /* Every fix is news, even when the state stays the same. */
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
session_closed_cb (GDBusConnection *bus,
                   const char      *sender,
                   const char      *path,
                   const char      *interface,
                   const char      *signal,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  FcLocation *self = user_data;

  g_debug ("the location session was closed by the portal");
  g_clear_pointer (&self->session_path, g_free);
  self->session_asked = FALSE;
  unavailable (self, NULL);
}

static void
response_cb (GDBusConnection *bus,
             const char      *sender,
             const char      *path,
             const char      *interface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         user_data)
{
  FcLocation *self = user_data;
  guint32 response = 2;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    g_variant_get (parameters, "(u@a{sv})", &response, NULL);
  unsubscribe (self, &self->response_id);
  /* 1: the person said no; 2: the portal could not. Either way, no position. */
  if (response != 0)
    {
      g_debug ("the location portal refused: %u", response);
      unavailable (self, NULL);
    }
}

static guint
subscribe (FcLocation          *self,
           const char          *interface,
           const char          *member,
           const char          *path,
           GDBusSignalCallback  callback)
{
  return g_dbus_connection_signal_subscribe (self->bus, PORTAL_BUS_NAME, interface, member, path,
                                             NULL, G_DBUS_SIGNAL_FLAGS_NONE, callback, self, NULL);
}

static void
start_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FcLocation) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  const char *request = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      unsubscribe (self, &self->response_id);
      unavailable (self, error);
      return;
    }
  g_variant_get (reply, "(&o)", &request);
  if (g_strcmp0 (request, self->request_path) != 0)
    {
      /* A portal that does not follow the handle_token convention. */
      unsubscribe (self, &self->response_id);
      g_free (self->request_path);
      self->request_path = g_strdup (request);
      self->response_id = subscribe (self, REQUEST_INTERFACE, "Response", request, response_cb);
    }
}

static void
create_session_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FcLocation) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  g_autofree char *token = NULL;
  GVariantBuilder options;
  const char *session = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      self->session_asked = FALSE;
      unavailable (self, error);
      return;
    }
  g_variant_get (reply, "(&o)", &session);
  if (g_strcmp0 (session, self->session_path) != 0)
    {
      unsubscribe (self, &self->closed_id);
      g_free (self->session_path);
      self->session_path = g_strdup (session);
      self->closed_id = subscribe (self, SESSION_INTERFACE, "Closed", session, session_closed_cb);
    }

  token = g_path_get_basename (self->request_path);
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  /* No parent window: the portal's question is then a window of its own. */
  g_dbus_connection_call (self->bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, LOCATION_INTERFACE,
                          "Start",
                          g_variant_new ("(osa{sv})", self->session_path, "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          start_cb, g_object_ref (self));
}

static void
bus_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(FcLocation) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);
  g_autofree char *sender = NULL;
  g_autofree char *token = NULL;
  GVariantBuilder options;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bus == NULL)
    {
      unavailable (self, error);
      return;
    }
  self->bus = g_steal_pointer (&bus);

  /* The portal names the session and the request after our bus name and the
   * tokens we give it; knowing the paths first lets us listen before it speaks. */
  sender = g_strdup (g_dbus_connection_get_unique_name (self->bus) + 1);
  g_strdelimit (sender, ".", '_');
  token = g_strdup_printf ("fieldcheck%u", g_random_int ());
  self->session_path = g_strdup_printf (PORTAL_OBJECT_PATH "/session/%s/%s", sender, token);
  self->request_path = g_strdup_printf (PORTAL_OBJECT_PATH "/request/%s/%s", sender, token);

  self->updated_id = subscribe (self, LOCATION_INTERFACE, "LocationUpdated", PORTAL_OBJECT_PATH,
                                location_updated_cb);
  self->closed_id = subscribe (self, SESSION_INTERFACE, "Closed", self->session_path,
                               session_closed_cb);
  self->response_id = subscribe (self, REQUEST_INTERFACE, "Response", self->request_path,
                                 response_cb);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "session_handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "accuracy", g_variant_new_uint32 (ACCURACY_EXACT));
  self->session_asked = TRUE;
  g_dbus_connection_call (self->bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, LOCATION_INTERFACE,
                          "CreateSession", g_variant_new ("(a{sv})", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          create_session_cb, g_object_ref (self));
}

/**
 * fc_location_start:
 *
 * Asks the portal for the device's position and keeps listening for it until
 * fc_location_stop(). Returns at once; #FcLocation::changed tells what came of it.
 */
void
fc_location_start (FcLocation *self)
{
  g_return_if_fail (FC_IS_LOCATION (self));

  if (self->state != FC_LOCATION_OFF)
    return;
  self->cancellable = g_cancellable_new ();
  set_state (self, FC_LOCATION_WAITING);
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, bus_cb, g_object_ref (self));
}

/**
 * fc_location_stop:
 *
 * Closes the portal's session and forgets the position.
 */
void
fc_location_stop (FcLocation *self)
{
  g_return_if_fail (FC_IS_LOCATION (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  unsubscribe (self, &self->updated_id);
  unsubscribe (self, &self->closed_id);
  unsubscribe (self, &self->response_id);
  /* Also when CreateSession has not answered yet: the session it makes is ours to close. */
  if (self->session_asked && self->session_path != NULL)
    g_dbus_connection_call (self->bus, PORTAL_BUS_NAME, self->session_path, SESSION_INTERFACE,
                            "Close", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
  self->session_asked = FALSE;
  g_clear_pointer (&self->session_path, g_free);
  g_clear_pointer (&self->request_path, g_free);
  g_clear_object (&self->bus);
  self->has_fix = FALSE;
  set_state (self, FC_LOCATION_OFF);
}

FcLocationState
fc_location_get_state (FcLocation *self)
{
  g_return_val_if_fail (FC_IS_LOCATION (self), FC_LOCATION_OFF);

  return self->state;
}

/**
 * fc_location_get_fix:
 * @max_age: how old a fix may be
 * @fix: (out): the latest fix
 *
 * Returns: whether a fix younger than @max_age is known
 */
gboolean
fc_location_get_fix (FcLocation    *self,
                     GTimeSpan      max_age,
                     FcLocationFix *fix)
{
  g_return_val_if_fail (FC_IS_LOCATION (self), FALSE);
  g_return_val_if_fail (fix != NULL, FALSE);

  if (!self->has_fix || g_get_real_time () - self->fix.timestamp > max_age)
    return FALSE;
  *fix = self->fix;
  return TRUE;
}

static void
fc_location_dispose (GObject *object)
{
  FcLocation *self = FC_LOCATION (object);

  if (self->state != FC_LOCATION_OFF)
    fc_location_stop (self);
  G_OBJECT_CLASS (fc_location_parent_class)->dispose (object);
}

static void
fc_location_class_init (FcLocationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_location_dispose;

  /**
   * FcLocation::changed:
   *
   * The state changed or a new fix came.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fc_location_init (FcLocation *self)
{
}

FcLocation *
fc_location_new (void)
{
  return g_object_new (FC_TYPE_LOCATION, NULL);
}
