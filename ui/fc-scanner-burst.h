/* fc-scanner-burst.h: a hardware scanner's burst of keystrokes, told from typing */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A scan is at least this many printable characters… */
#define FC_SCANNER_BURST_MIN_CHARS 6
/* …each at most this long after the one before, then Enter. */
#define FC_SCANNER_BURST_MAX_GAP_MS 35

#define FC_TYPE_SCANNER_BURST (fc_scanner_burst_get_type ())
G_DECLARE_FINAL_TYPE (FcScannerBurst, fc_scanner_burst, FC, SCANNER_BURST, GObject)

FcScannerBurst *fc_scanner_burst_new    (GtkWidget      *widget);
guint           fc_scanner_burst_get_n_scans (FcScannerBurst *self);

G_END_DECLS
