/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-keyring"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "peygir-keyring.h"
#include "peygir-store.h"

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "ir.gov.peygir.DatabasePassword", SECRET_SCHEMA_NONE,
    {
      { "location", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* The attributes of @location: itself without a password, and its role.
 * FALSE when libpq cannot parse it. */
static gboolean
location_attributes (const char  *location,
                     char       **key,
                     char       **user)
{
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;

  *key = peygir_store_server_key (location);
  if (*key == NULL || !peygir_store_describe_server (location, user, &host, &dbname))
    {
      g_clear_pointer (key, g_free);
      return FALSE;
    }
  return TRUE;
}

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_debug ("No password from the keyring: %s", error->message);
  g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

void
peygir_keyring_lookup_async (const char          *location,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *key = NULL;
  g_autofree char *user = NULL;

  g_task_set_source_tag (task, peygir_keyring_lookup_async);
  if (!location_attributes (location, &key, &user))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  secret_password_lookup (password_schema (), cancellable, lookup_done_cb, g_steal_pointer (&task),
                          "location", key, "user", user, NULL);
}

char *
peygir_keyring_lookup_finish (GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}

void
peygir_keyring_password_free (char *password)
{
  secret_password_free (password);
}

static void
store_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_debug ("The password was not kept in the keyring: %s", error->message);
}

void
peygir_keyring_store (const char *location,
                      const char *password)
{
  g_autofree char *key = peygir_store_server_key (location);
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *label = NULL;

  if (key == NULL || !peygir_store_describe_server (location, &user, &host, &dbname))
    return;
  /* TRANSLATORS: the keyring's name for a kept password: the role, the server and the database */
  label = g_strdup_printf (_("Peygir: %s on %s (database %s)"), user, host, dbname);
  secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, label, password, NULL,
                         store_done_cb, NULL, "location", key, "user", user, NULL);
}

static void
clear_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_debug ("The password was not removed from the keyring: %s", error->message);
}

void
peygir_keyring_clear (const char *location)
{
  g_autofree char *key = NULL;
  g_autofree char *user = NULL;

  if (!location_attributes (location, &key, &user))
    return;
  secret_password_clear (password_schema (), NULL, clear_done_cb, NULL,
                         "location", key, "user", user, NULL);
}
