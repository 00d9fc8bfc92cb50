/* fc-facility-item.c: one facility in a list, as the list shows it */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-facility-item.h"
#include "fc-types.h"

struct _FcFacilityItem
{
  GObject  parent_instance;
  char    *id;
  char    *name;
  char    *subtitle;
  char    *search_text;
  char    *town;
  FcFacilityType type;
  gboolean mine;
  guint    open_major;
  guint    open_general;
  guint    overdue;
};

G_DEFINE_FINAL_TYPE (FcFacilityItem, fc_facility_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SUBTITLE,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fc_facility_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcFacilityItem *self = FC_FACILITY_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_facility_item_finalize (GObject *object)
{
  FcFacilityItem *self = FC_FACILITY_ITEM (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->subtitle);
  g_free (self->search_text);
  g_free (self->town);
  G_OBJECT_CLASS (fc_facility_item_parent_class)->finalize (object);
}

static void
fc_facility_item_class_init (FcFacilityItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = fc_facility_item_get_property;
  object_class->finalize = fc_facility_item_finalize;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, flags);
  properties[PROP_SEARCH_TEXT] = g_param_spec_string ("search-text", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_facility_item_init (FcFacilityItem *self)
{
}

static guint
count_member (JsonObject *row,
              const char *name)
{
  return (guint) MAX (0, json_object_get_int_member_with_default (row, name, 0));
}

/**
 * fc_facility_item_new_from_row:
 * @row: a row of fc_queries_facilities()
 *
 * Returns: (transfer full): the item
 */
FcFacilityItem *
fc_facility_item_new_from_row (JsonObject *row)
{
  FcFacilityItem *self = g_object_new (FC_TYPE_FACILITY_ITEM, NULL);
  const char *type_name = json_object_get_string_member_with_default (row, "type", "other");
  const char *town = json_object_get_string_member_with_default (row, "town", "");
  const char *last = json_object_get_string_member_with_default (row, "last_inspection", NULL);
  FcFacilityType type = FC_FACILITY_OTHER;
  g_autofree char *last_day = last ? g_strndup (last, 10) : NULL;

  fc_facility_type_from_string (type_name, &type);
  self->type = type;
  self->town = g_strdup (town);
  self->mine = json_object_get_int_member_with_default (row, "mine", 0) != 0;
  self->id = g_strdup (json_object_get_string_member_with_default (row, "id", ""));
  self->name = g_strdup (json_object_get_string_member_with_default (row, "name", ""));
  if (last_day != NULL)
    /* Translators: facility row subtitle: town · type · last inspected on a day */
    self->subtitle = g_strdup_printf (_("%s · %s · last inspected %s"), town,
                                      fc_facility_type_label (type), last_day);
  else
    /* Translators: facility row subtitle: town · type · never inspected */
    self->subtitle = g_strdup_printf (_("%s · %s · not inspected yet"), town,
                                      fc_facility_type_label (type));
  self->search_text = g_strjoin (" ", self->name, town, fc_facility_type_label (type), NULL);
  self->open_major = count_member (row, "open_major");
  self->open_general = count_member (row, "open_general");
  self->overdue = count_member (row, "overdue");
  return self;
}

const char *
fc_facility_item_get_id (FcFacilityItem *self)
{
  g_return_val_if_fail (FC_IS_FACILITY_ITEM (self), NULL);
  return self->id;
}

FcFacilityType
fc_facility_item_get_facility_type (FcFacilityItem *self)
{
  g_return_val_if_fail (FC_IS_FACILITY_ITEM (self), FC_FACILITY_OTHER);
  return self->type;
}

const char *
fc_facility_item_get_town (FcFacilityItem *self)
{
  g_return_val_if_fail (FC_IS_FACILITY_ITEM (self), NULL);
  return self->town;
}

const char *
fc_facility_item_get_name (FcFacilityItem *self)
{
  g_return_val_if_fail (FC_IS_FACILITY_ITEM (self), NULL);
  return self->name;
}

/* Returns: the town, the type and the last inspection, as the row's second line */
const char *
fc_facility_item_get_subtitle (FcFacilityItem *self)
{
  g_return_val_if_fail (FC_IS_FACILITY_ITEM (self), NULL);
  return self->subtitle;
}

/**
 * fc_facility_item_dup_badge:
 * @self: the item
 * @badge: which count
 *
 * Returns: (transfer full) (nullable): the badge's label, or %NULL when its count is 0
 */
char *
fc_facility_item_dup_badge (FcFacilityItem  *self,
                            FcFacilityBadge  badge)
{
  g_return_val_if_fail (FC_IS_FACILITY_ITEM (self), NULL);

  switch (badge)
    {
    case FC_FACILITY_BADGE_MAJOR:
      /* Translators: count of open major hazards, 重大隐患 */
      return self->open_major ? g_strdup_printf (_("%u major"), self->open_major) : NULL;
    case FC_FACILITY_BADGE_GENERAL:
      /* Translators: count of open general hazards, 一般隐患 */
      return self->open_general ? g_strdup_printf (_("%u general"), self->open_general) : NULL;
    case FC_FACILITY_BADGE_OVERDUE:
      /* Translators: count of hazards past their rectification deadline, 逾期 */
      return self->overdue ? g_strdup_printf (_("%u overdue"), self->overdue) : NULL;
    case FC_N_FACILITY_BADGES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Returns: whether the signed-in person has a place in the facility's responsibility grid */
gboolean
fc_facility_item_is_mine (FcFacilityItem *self)
{
  g_return_val_if_fail (FC_IS_FACILITY_ITEM (self), FALSE);
  return self->mine;
}

guint
fc_facility_item_get_open_hazards (FcFacilityItem *self)
{
  g_return_val_if_fail (FC_IS_FACILITY_ITEM (self), 0);
  return self->open_major + self->open_general;
}

guint
fc_facility_item_get_overdue (FcFacilityItem *self)
{
  g_return_val_if_fail (FC_IS_FACILITY_ITEM (self), 0);
  return self->overdue;
}
