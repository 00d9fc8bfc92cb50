/* fc-types.c: wire names and labels of the model's enumerations */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-error.h"
#include "fc-types.h"

typedef struct
{
  const char *wire;
  const char *label;
} FcName;

static const FcName facility_types[FC_N_FACILITY_TYPES] = {
  { "elderly_care", N_("Elderly care home") },
  { "child_welfare", N_("Child welfare institution") },
  { "mental_health", N_("Mental-health welfare institution") },
  { "rescue_station", N_("Rescue and relief station") },
  { "other", N_("Other institution") },
};

static const FcName categories[FC_N_CATEGORIES] = {
  { "fire_exit", N_("Fire exits and evacuation") },
  { "gas", N_("Gas") },
  { "electrical", N_("Electrical wiring") },
  { "building", N_("Building structure") },
  { "drainage", N_("Drainage and flooding") },
  { "other", N_("Other") },
};

static const FcName roles[FC_N_ROLES] = {
  { "inspector", N_("Inspector") },
  { "expert", N_("Expert") },
  { "staff", N_("Bureau staff") },
  { "facility_manager", N_("Facility manager") },
  { "verifier", N_("Verifier") },
  { "leader", N_("Leader") },
  { "admin", N_("Administrator") },
};

static const FcName hazard_levels[FC_N_HAZARD_LEVELS] = {
  /* Translators: a hazard level, 一般隐患 */
  { "general", N_("General") },
  /* Translators: a hazard level, 重大隐患 */
  { "major", N_("Major") },
};

static const FcName hazard_statuses[FC_N_HAZARD_STATUSES] = {
  /* Translators: hazard status 待整改 */
  { "open", N_("Open") },
  /* Translators: hazard status 整改中 */
  { "rectifying", N_("Rectifying") },
  /* Translators: hazard status 待验收 */
  { "awaiting_acceptance", N_("Awaiting acceptance") },
  /* Translators: hazard status 已销号 */
  { "closed", N_("Closed out") },
  /* Translators: hazard status 已反弹 (found again at a look-back) */
  { "reopened", N_("Reopened") },
};

static const FcName inspection_kinds[FC_N_INSPECTION_KINDS] = {
  { "routine", N_("Routine inspection") },
  { "joint_diagnosis", N_("Joint diagnosis") },
  { "look_back", N_("Look-back re-inspection") },
  { "acceptance", N_("Acceptance inspection") },
};

static gboolean
lookup (const FcName *names,
        guint         n_names,
        const char   *str,
        guint        *out)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (names[i].wire, str))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

#define DEFINE_NAMES(prefix, Type, table, n)                             \
  const char *                                                           \
  prefix##_to_string (Type value)                                        \
  {                                                                      \
    g_return_val_if_fail ((guint) value < (n), NULL);                    \
    return table[value].wire;                                            \
  }                                                                      \
  gboolean                                                               \
  prefix##_from_string (const char *str,                                 \
                        Type       *out)                                 \
  {                                                                      \
    guint i;                                                             \
    if (!lookup (table, (n), str, &i))                                   \
      return FALSE;                                                      \
    *out = (Type) i;                                                     \
    return TRUE;                                                         \
  }                                                                      \
  const char *                                                           \
  prefix##_label (Type value)                                            \
  {                                                                      \
    g_return_val_if_fail ((guint) value < (n), NULL);                    \
    return g_dgettext (GETTEXT_PACKAGE, table[value].label);             \
  }

DEFINE_NAMES (fc_facility_type, FcFacilityType, facility_types, FC_N_FACILITY_TYPES)
DEFINE_NAMES (fc_category, FcCategory, categories, FC_N_CATEGORIES)
DEFINE_NAMES (fc_hazard_level, FcHazardLevel, hazard_levels, FC_N_HAZARD_LEVELS)
DEFINE_NAMES (fc_hazard_status, FcHazardStatus, hazard_statuses, FC_N_HAZARD_STATUSES)
DEFINE_NAMES (fc_inspection_kind, FcInspectionKind, inspection_kinds, FC_N_INSPECTION_KINDS)

static int
role_index (FcRoles role)
{
  for (int i = 0; i < FC_N_ROLES; i++)
    if (role == (FcRoles) (1 << i))
      return i;
  return -1;
}

const char *
fc_role_to_string (FcRoles role)
{
  int i = role_index (role);

  g_return_val_if_fail (i >= 0, NULL);
  return roles[i].wire;
}

const char *
fc_role_label (FcRoles role)
{
  int i = role_index (role);

  g_return_val_if_fail (i >= 0, NULL);
  return g_dgettext (GETTEXT_PACKAGE, roles[i].label);
}

FcRoles
fc_roles_from_string (const char  *comma_list,
                      GError     **error)
{
  g_auto(GStrv) parts = NULL;
  FcRoles result = 0;

  if (comma_list == NULL || *comma_list == '\0')
    return 0;

  parts = g_strsplit (comma_list, ",", -1);
  for (guint p = 0; parts[p] != NULL; p++)
    {
      const char *name = g_strstrip (parts[p]);
      guint i;

      if (*name == '\0')
        continue;
      if (!lookup (roles, FC_N_ROLES, name, &i))
        {
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                       _("“%s” is not a role"), name);
          return 0;
        }
      result |= 1 << i;
    }
  return result;
}

char *
fc_roles_to_string (FcRoles set)
{
  GString *out = g_string_new (NULL);

  for (int i = 0; i < FC_N_ROLES; i++)
    if (set & (1 << i))
      {
        if (out->len > 0)
          g_string_append_c (out, ',');
        g_string_append (out, roles[i].wire);
      }
  return g_string_free (out, FALSE);
}
