/* ui-walk-util.h: a walk of the test district (tests/core/test-inspection-util.h)
 * started in the real window */
#pragma once

#include "fc-item-page.h"
#include "fc-photo-strip.h"
#include "fc-start-page.h"
#include "../core/test-inspection-util.h"
#include "ui-util.h"

static inline gboolean
ui_strip_loaded (gpointer data)
{
  return !fc_photo_strip_is_loading (data);
}

/* Opens the test facility and starts a walk with its fire inspector: the
 * first item is on screen. */
static inline FcItemPage *
ui_start_walk (FcWindow *window)
{
  FcStartPage *start;

  g_assert_true (ui_wait_until (ui_facilities_listed, window, 30));
  g_signal_emit_by_name (fc_window_get_page_widget (window, "list"), "activated", TEST_FACILITY);
  ui_settle (window);
  ui_activate (window, "win.new-inspection", NULL);
  start = FC_START_PAGE (fc_window_get_page_widget (window, "start"));
  fc_start_page_select_member (start, TEST_FIRE, TRUE);
  ui_activate (window, "win.start-inspection", NULL);
  g_assert_cmpstr (fc_window_get_page (window), ==, "item");
  return FC_ITEM_PAGE (fc_window_get_page_widget (window, "item"));
}
