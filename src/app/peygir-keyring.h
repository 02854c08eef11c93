/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The passwords of database servers a desk chose to remember, in the
 * session's keyring (the Secret Service, through libsecret), kept under the
 * server's location without its password and the role. Every call is
 * asynchronous: the main thread never waits for the keyring. Without a
 * secret service (a desk without a keyring, the tests under Xvfb) nothing
 * is remembered and nothing fails: the trouble goes to the debug log. */

#include <gio/gio.h>

G_BEGIN_DECLS

void  peygir_keyring_lookup_async  (const char          *location,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
/* The password kept for the location, or NULL (none, or no keyring); free
 * it with peygir_keyring_password_free (). */
char *peygir_keyring_lookup_finish (GAsyncResult        *result);
void  peygir_keyring_password_free (char                *password);

/* Keeps, or forgets, the password of @location; the outcome is not waited for. */
void  peygir_keyring_store         (const char          *location,
                                    const char          *password);
void  peygir_keyring_clear         (const char          *location);

G_END_DECLS
