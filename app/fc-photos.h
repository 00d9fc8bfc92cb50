/* fc-photos.h: photos as evidence: their bytes, their records, thumbnails, pairs */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-op.h"
#include "fc-store.h"

G_BEGIN_DECLS

/* The longest edge of a cached thumbnail. */
#define FC_PHOTOS_THUMBNAIL_EDGE 320

/* What a photo is attached to, and why. */
typedef struct
{
  const char *attached_kind;  /* result, hazard, acceptance (of a hazard), equipment */
  const char *attached_id;
  const char *purpose;        /* defect, before, after */
  /* Keep the location in the record: the store-photo-location setting. */
  gboolean    keep_location;
  /* The device's location at capture, preferred to the photo's own EXIF. */
  gboolean    has_location;
  double      latitude;
  double      longitude;
  /* (nullable) ISO 8601, for photos whose bytes carry no capture time. */
  const char *taken_at;
  /* (nullable) the new record's id, for generators that must give the same
   * store every time (the demo); NULL makes a fresh time-ordered id. */
  const char *photo_id;
} FcPhotoTarget;

char       *fc_photos_dir             (FcStore              *store);
char       *fc_photos_path            (FcStore              *store,
                                       const char           *sha256);
gboolean    fc_photos_is_kind         (const char           *attached_kind);
gboolean    fc_photos_is_purpose      (const char           *purpose);

char       *fc_photos_import          (FcStore              *store,
                                       GBytes               *bytes,
                                       const FcPhotoTarget  *target,
                                       GError              **error);
char       *fc_photos_import_file     (FcStore              *store,
                                       const char           *path,
                                       const FcPhotoTarget  *target,
                                       GError              **error);
char       *fc_photos_import_signature (FcStore             *store,
                                        GBytes              *png,
                                        FcOp                *signoff,
                                        GError             **error);

JsonObject *fc_photos_get             (FcStore              *store,
                                       const char           *photo_id,
                                       GError              **error);
JsonArray  *fc_photos_list            (FcStore              *store,
                                       const char           *attached_kind,
                                       const char           *attached_id,
                                       GError              **error);
JsonArray  *fc_photos_list_for_item   (FcStore              *store,
                                       const char           *inspection_id,
                                       const char           *item_id,
                                       GError              **error);
GBytes     *fc_photos_load            (FcStore              *store,
                                       const char           *photo_id,
                                       GError              **error);
char       *fc_photos_thumbnail       (FcStore              *store,
                                       const char           *photo_id,
                                       GError              **error);

JsonArray  *fc_photos_rectification_pairs (FcStore          *store,
                                           const char       *hazard_id,
                                           GError          **error);

typedef enum
{
  /* A record's file is not on this device, though it was made here. */
  FC_PHOTO_PROBLEM_MISSING,
  /* A record's file no longer has the bytes its name promises. */
  FC_PHOTO_PROBLEM_DAMAGED,
  /* A file no record names: left by an import that did not finish. */
  FC_PHOTO_PROBLEM_ORPHAN,
  /* A half-written temporary file left by a crash. */
  FC_PHOTO_PROBLEM_PARTIAL,
  /* Not a problem: a record from another device whose file sync has yet to fetch. */
  FC_PHOTO_PROBLEM_AWAITING_SYNC,
} FcPhotoProblemKind;

typedef struct
{
  FcPhotoProblemKind  kind;
  char               *sha256;   /* NULL for a partial file */
  char               *path;
} FcPhotoProblem;

typedef struct
{
  guint      checked;    /* files re-hashed */
  GPtrArray *problems;   /* of FcPhotoProblem */
} FcPhotoVerifyReport;

void        fc_photo_verify_report_free (FcPhotoVerifyReport *report);
gboolean    fc_photo_verify_report_ok   (const FcPhotoVerifyReport *report);
const char *fc_photo_problem_kind_to_string (FcPhotoProblemKind kind);

FcPhotoVerifyReport *fc_photos_verify (FcStore              *store,
                                       GError              **error);
gboolean    fc_photos_reconcile       (FcStore              *store,
                                       gint64                min_age_seconds,
                                       guint                *out_set_aside,
                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcPhotoVerifyReport, fc_photo_verify_report_free)

G_END_DECLS
