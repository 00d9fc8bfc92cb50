/* fc-walk-overview.h: the categories of a walk with their progress */
#pragma once

#include <adwaita.h>

#include "fc-walk.h"

G_BEGIN_DECLS

#define FC_TYPE_WALK_OVERVIEW (fc_walk_overview_get_type ())
G_DECLARE_FINAL_TYPE (FcWalkOverview, fc_walk_overview, FC, WALK_OVERVIEW, GtkWidget)

void fc_walk_overview_set_walk (FcWalkOverview *self,
                                FcWalk         *walk,
                                int             current);

G_END_DECLS
