/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-store.h"

G_BEGIN_DECLS

/* For the tests of migrations only: makes a new database at @path as an
 * earlier Peygir made it, at schema @version. */
gboolean _peygir_store_create_at_version (const char  *path,
                                          int          version,
                                          GError     **error);

G_END_DECLS
