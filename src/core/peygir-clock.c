/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-clock"

#include "peygir-clock.h"
#include "peygir-date.h"

/* Guards everything below: the store asks for the time from worker threads. */
static GMutex clock_mutex;
static gint64 override_now;
/* PEYGIR_NOW as last read, and what it meant; reread when it changes so that
 * a test can set it with g_setenv(). */
static char *env_text;
static gint64 env_now;

gboolean
peygir_clock_parse_iso8601 (const char *text,
                            gint64     *out_unix)
{
  g_autoptr(GTimeZone) tehran = NULL;
  g_autoptr(GDateTime) moment = NULL;

  g_return_val_if_fail (out_unix != NULL, FALSE);

  if (text == NULL || *text == '\0')
    return FALSE;

  tehran = g_time_zone_new_identifier (PEYGIR_TIME_ZONE);
  if (tehran == NULL)
    tehran = g_time_zone_new_offset (3 * 3600 + 30 * 60);

  moment = g_date_time_new_from_iso8601 (text, tehran);
  if (moment == NULL)
    return FALSE;

  *out_unix = g_date_time_to_unix (moment);
  return TRUE;
}

static gint64
env_now_locked (void)
{
  const char *text = g_getenv ("PEYGIR_NOW");

  if (text == NULL || *text == '\0')
    {
      g_clear_pointer (&env_text, g_free);
      env_now = 0;
      return 0;
    }

  if (g_strcmp0 (text, env_text) != 0)
    {
      g_free (env_text);
      env_text = g_strdup (text);
      if (!peygir_clock_parse_iso8601 (text, &env_now))
        {
          /* Once per value: it is a mistake in a script, not in the data. */
          g_warning ("PEYGIR_NOW=%s is not an ISO 8601 time such as "
                     "2026-03-20T09:00:00+03:30; using the real clock", text);
          env_now = 0;
        }
    }

  return env_now;
}

gint64
peygir_clock_now (void)
{
  gint64 now = 0;

  g_mutex_lock (&clock_mutex);
  if (override_now != 0)
    now = override_now;
  else
    now = env_now_locked ();
  g_mutex_unlock (&clock_mutex);

  if (now != 0)
    return now;

  return g_get_real_time () / G_USEC_PER_SEC;
}

void
peygir_clock_set_now (gint64 unix_seconds)
{
  g_mutex_lock (&clock_mutex);
  override_now = unix_seconds;
  g_mutex_unlock (&clock_mutex);
}
