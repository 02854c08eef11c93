/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fresh temporary directory for one test, removed with its contents by
 * peygir_test_dir_free (). */
char *peygir_test_dir_new  (void);
void  peygir_test_dir_free (char *path);

G_END_DECLS
