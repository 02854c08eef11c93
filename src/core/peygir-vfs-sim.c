/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-vfs-sim"

#include <sqlite3.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-error.h"
#include "peygir-vfs-sim.h"

typedef struct
{
  gint64   read_us;
  gint64   write_us;
  gint64   sync_us;
  gint64   lock_us;
  gint64   open_us;
  guint64  fail_write;
  guint64  fail_sync;
  gint64   lock_hold_us;
  guint64  lock_after;
  gboolean lock_shared;
} SimConfig;

/* The shim's file: its own header, then the unix VFS's file in the same
 * allocation (szOsFile covers both). */
typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
  gboolean      main_db;
} SimFile;

static GMutex              sim_mutex;
static SimConfig           sim_config;
static PeygirVfsSimCounts  sim_counts;
static guint64             writes_since_config;
static guint64             syncs_since_config;
static guint64             write_locks_granted;
static gint64              hold_until;          /* monotonic µs; 0: the hold has not begun */
static char               *last_environment;
static sqlite3_vfs        *real_vfs;

static void
sim_delay (gint64 microseconds)
{
  if (microseconds > 0)
    g_usleep ((gulong) microseconds);
}

/* I/O methods, version 1: no shared memory and no memory mapping, so that
 * neither WAL nor mmap can be used, as on a share. */

static int
sim_close (sqlite3_file *file)
{
  SimFile *sim = (SimFile *) file;
  int rc = sim->real->pMethods->xClose (sim->real);

  sim->real->pMethods = NULL;
  return rc;
}

static int
sim_read (sqlite3_file *file,
          void         *buffer,
          int           amount,
          sqlite3_int64 offset)
{
  SimFile *sim = (SimFile *) file;
  gint64 delay;

  g_mutex_lock (&sim_mutex);
  sim_counts.reads++;
  if (sim->main_db)
    sim_counts.db_reads++;
  sim_counts.read_bytes += (guint64) amount;
  delay = sim_config.read_us;
  g_mutex_unlock (&sim_mutex);

  sim_delay (delay);
  return sim->real->pMethods->xRead (sim->real, buffer, amount, offset);
}

static int
sim_write (sqlite3_file *file,
           const void   *buffer,
           int           amount,
           sqlite3_int64 offset)
{
  SimFile *sim = (SimFile *) file;
  gboolean fail;
  gint64 delay;

  g_mutex_lock (&sim_mutex);
  sim_counts.writes++;
  sim_counts.write_bytes += (guint64) amount;
  writes_since_config++;
  fail = sim_config.fail_write != 0 && writes_since_config == sim_config.fail_write;
  if (fail)
    sim_counts.faults++;
  delay = sim_config.write_us;
  g_mutex_unlock (&sim_mutex);

  sim_delay (delay);
  if (fail)
    return SQLITE_IOERR_WRITE;
  return sim->real->pMethods->xWrite (sim->real, buffer, amount, offset);
}

static int
sim_truncate (sqlite3_file  *file,
              sqlite3_int64  size)
{
  SimFile *sim = (SimFile *) file;

  return sim->real->pMethods->xTruncate (sim->real, size);
}

static int
sim_sync (sqlite3_file *file,
          int           flags)
{
  SimFile *sim = (SimFile *) file;
  gboolean fail;
  gint64 delay, started;
  int rc;

  g_mutex_lock (&sim_mutex);
  sim_counts.syncs++;
  syncs_since_config++;
  fail = sim_config.fail_sync != 0 && syncs_since_config == sim_config.fail_sync;
  if (fail)
    sim_counts.faults++;
  delay = sim_config.sync_us;
  g_mutex_unlock (&sim_mutex);

  sim_delay (delay);
  if (fail)
    return SQLITE_IOERR_FSYNC;

  started = g_get_monotonic_time ();
  rc = sim->real->pMethods->xSync (sim->real, flags);
  g_mutex_lock (&sim_mutex);
  sim_counts.sync_us += (guint64) (g_get_monotonic_time () - started);
  g_mutex_unlock (&sim_mutex);
  return rc;
}

static int
sim_file_size (sqlite3_file  *file,
               sqlite3_int64 *size)
{
  SimFile *sim = (SimFile *) file;

  return sim->real->pMethods->xFileSize (sim->real, size);
}

/* Whether the other host's lock refuses a request for @level now. Called
 * with the mutex held. */
static gboolean
held_elsewhere (int level)
{
  gint64 now;

  if (sim_config.lock_hold_us <= 0)
    return FALSE;

  now = g_get_monotonic_time ();
  if (hold_until == 0)
    {
      /* The hold begins when a write transaction past the trigger starts
       * (RESERVED); the EXCLUSIVE of one already running commits it. */
      if (level != SQLITE_LOCK_RESERVED || write_locks_granted < sim_config.lock_after)
        return FALSE;
      hold_until = now + sim_config.lock_hold_us;
    }
  if (now >= hold_until)
    return FALSE;
  return level >= SQLITE_LOCK_RESERVED || sim_config.lock_shared;
}

static int
sim_lock (sqlite3_file *file,
          int           level)
{
  SimFile *sim = (SimFile *) file;
  gboolean busy = FALSE;
  gint64 delay;
  int rc;

  g_mutex_lock (&sim_mutex);
  sim_counts.locks++;
  if (sim->main_db)
    busy = held_elsewhere (level);
  if (busy)
    sim_counts.busy++;
  delay = sim_config.lock_us;
  g_mutex_unlock (&sim_mutex);

  sim_delay (delay);
  if (busy)
    return SQLITE_BUSY;

  rc = sim->real->pMethods->xLock (sim->real, level);
  if (rc == SQLITE_OK && sim->main_db && level == SQLITE_LOCK_RESERVED)
    {
      g_mutex_lock (&sim_mutex);
      write_locks_granted++;
      g_mutex_unlock (&sim_mutex);
    }
  return rc;
}

static int
sim_unlock (sqlite3_file *file,
            int           level)
{
  SimFile *sim = (SimFile *) file;
  gint64 delay;

  g_mutex_lock (&sim_mutex);
  sim_counts.locks++;
  delay = sim_config.lock_us;
  g_mutex_unlock (&sim_mutex);

  sim_delay (delay);
  return sim->real->pMethods->xUnlock (sim->real, level);
}

static int
sim_check_reserved_lock (sqlite3_file *file,
                         int          *reserved)
{
  SimFile *sim = (SimFile *) file;
  gboolean held = FALSE;
  gint64 delay;

  g_mutex_lock (&sim_mutex);
  sim_counts.locks++;
  if (sim->main_db && hold_until != 0)
    held = g_get_monotonic_time () < hold_until;
  delay = sim_config.lock_us;
  g_mutex_unlock (&sim_mutex);

  sim_delay (delay);
  if (held)
    {
      *reserved = 1;
      return SQLITE_OK;
    }
  return sim->real->pMethods->xCheckReservedLock (sim->real, reserved);
}

static int
sim_file_control (sqlite3_file *file,
                  int           op,
                  void         *argument)
{
  SimFile *sim = (SimFile *) file;

  return sim->real->pMethods->xFileControl (sim->real, op, argument);
}

static int
sim_sector_size (sqlite3_file *file)
{
  SimFile *sim = (SimFile *) file;

  return sim->real->pMethods->xSectorSize (sim->real);
}

static int
sim_device_characteristics (sqlite3_file *file)
{
  SimFile *sim = (SimFile *) file;

  return sim->real->pMethods->xDeviceCharacteristics (sim->real);
}

static const sqlite3_io_methods sim_io_methods = {
  .iVersion = 1,
  .xClose = sim_close,
  .xRead = sim_read,
  .xWrite = sim_write,
  .xTruncate = sim_truncate,
  .xSync = sim_sync,
  .xFileSize = sim_file_size,
  .xLock = sim_lock,
  .xUnlock = sim_unlock,
  .xCheckReservedLock = sim_check_reserved_lock,
  .xFileControl = sim_file_control,
  .xSectorSize = sim_sector_size,
  .xDeviceCharacteristics = sim_device_characteristics,
};

/* The VFS: opens, deletes and existence checks are counted as round trips;
 * the rest goes straight to the unix VFS. */

static void
count_metadata_call (void)
{
  gint64 delay;

  g_mutex_lock (&sim_mutex);
  sim_counts.opens++;
  delay = sim_config.open_us;
  g_mutex_unlock (&sim_mutex);
  sim_delay (delay);
}

static int
sim_open (sqlite3_vfs  *vfs,
          const char   *name,
          sqlite3_file *file,
          int           flags,
          int          *out_flags)
{
  SimFile *sim = (SimFile *) file;
  int rc;

  (void) vfs;
  count_metadata_call ();

  sim->real = (sqlite3_file *) &sim[1];
  sim->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  rc = real_vfs->xOpen (real_vfs, name, sim->real, flags, out_flags);
  /* SQLite closes a file whose methods are set, even when the open failed. */
  sim->base.pMethods = sim->real->pMethods != NULL ? &sim_io_methods : NULL;
  return rc;
}

static int
sim_delete (sqlite3_vfs *vfs,
            const char  *name,
            int          sync_dir)
{
  (void) vfs;
  count_metadata_call ();
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
sim_access (sqlite3_vfs *vfs,
            const char  *name,
            int          flags,
            int         *result)
{
  (void) vfs;
  count_metadata_call ();
  return real_vfs->xAccess (real_vfs, name, flags, result);
}

static int
sim_full_pathname (sqlite3_vfs *vfs,
                   const char  *name,
                   int          size,
                   char        *out)
{
  (void) vfs;
  return real_vfs->xFullPathname (real_vfs, name, size, out);
}

static void *
sim_dl_open (sqlite3_vfs *vfs,
             const char  *path)
{
  (void) vfs;
  return real_vfs->xDlOpen (real_vfs, path);
}

static void
sim_dl_error (sqlite3_vfs *vfs,
              int          size,
              char        *message)
{
  (void) vfs;
  real_vfs->xDlError (real_vfs, size, message);
}

static void (*sim_dl_sym (sqlite3_vfs *vfs,
                          void        *handle,
                          const char  *symbol)) (void)
{
  (void) vfs;
  return real_vfs->xDlSym (real_vfs, handle, symbol);
}

static void
sim_dl_close (sqlite3_vfs *vfs,
              void        *handle)
{
  (void) vfs;
  real_vfs->xDlClose (real_vfs, handle);
}

static int
sim_randomness (sqlite3_vfs *vfs,
                int          size,
                char        *out)
{
  (void) vfs;
  return real_vfs->xRandomness (real_vfs, size, out);
}

static int
sim_sleep (sqlite3_vfs *vfs,
           int          microseconds)
{
  (void) vfs;
  return real_vfs->xSleep (real_vfs, microseconds);
}

static int
sim_current_time (sqlite3_vfs *vfs,
                  double      *now)
{
  (void) vfs;
  return real_vfs->xCurrentTime (real_vfs, now);
}

static int
sim_get_last_error (sqlite3_vfs *vfs,
                    int          size,
                    char        *out)
{
  (void) vfs;
  return real_vfs->xGetLastError (real_vfs, size, out);
}

static int
sim_current_time_int64 (sqlite3_vfs   *vfs,
                        sqlite3_int64 *now)
{
  (void) vfs;
  return real_vfs->xCurrentTimeInt64 (real_vfs, now);
}

static sqlite3_vfs sim_vfs = {
  .iVersion = 2,
  .zName = PEYGIR_VFS_SIM_NAME,
  .xOpen = sim_open,
  .xDelete = sim_delete,
  .xAccess = sim_access,
  .xFullPathname = sim_full_pathname,
  .xDlOpen = sim_dl_open,
  .xDlError = sim_dl_error,
  .xDlSym = sim_dl_sym,
  .xDlClose = sim_dl_close,
  .xRandomness = sim_randomness,
  .xSleep = sim_sleep,
  .xCurrentTime = sim_current_time,
  .xGetLastError = sim_get_last_error,
  .xCurrentTimeInt64 = sim_current_time_int64,
};

static gboolean
register_vfs (GError **error)
{
  static gsize registered = 0;
  static int rc = SQLITE_OK;

  if (g_once_init_enter (&registered))
    {
      real_vfs = sqlite3_vfs_find ("unix");
      if (real_vfs == NULL)
        real_vfs = sqlite3_vfs_find (NULL);
      if (real_vfs == NULL)
        rc = SQLITE_ERROR;
      else
        {
          sim_vfs.szOsFile = (int) sizeof (SimFile) + real_vfs->szOsFile;
          sim_vfs.mxPathname = real_vfs->mxPathname;
          rc = sqlite3_vfs_register (&sim_vfs, 0);
        }
      g_once_init_leave (&registered, 1);
    }

  if (rc != SQLITE_OK)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("The simulated share cannot be set up (%s)."), sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_milliseconds (const char *value,
                    gint64     *out)
{
  char *end = NULL;
  double ms = g_ascii_strtod (value, &end);

  if (end == value || *end != '\0' || ms < 0 || ms > 3600 * 1000)
    return FALSE;
  *out = (gint64) (ms * 1000);
  return TRUE;
}

static gboolean
parse_spec (const char  *spec,
            SimConfig   *config,
            GError     **error)
{
  g_auto(GStrv) items = g_strsplit (spec, ",", -1);

  memset (config, 0, sizeof *config);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) pair = NULL;
      const char *key, *value;
      gboolean ok;
      guint64 number = 0;

      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        continue;
      pair = g_strsplit (items[i], "=", 2);
      key = g_strstrip (pair[0]);
      value = pair[1] != NULL ? g_strstrip (pair[1]) : "";

      if (g_str_equal (key, "read_ms"))
        ok = parse_milliseconds (value, &config->read_us);
      else if (g_str_equal (key, "write_ms"))
        ok = parse_milliseconds (value, &config->write_us);
      else if (g_str_equal (key, "sync_ms"))
        ok = parse_milliseconds (value, &config->sync_us);
      else if (g_str_equal (key, "lock_ms"))
        ok = parse_milliseconds (value, &config->lock_us);
      else if (g_str_equal (key, "open_ms"))
        ok = parse_milliseconds (value, &config->open_us);
      else if (g_str_equal (key, "lock_hold_ms"))
        ok = parse_milliseconds (value, &config->lock_hold_us);
      else if (g_str_equal (key, "fail_write") || g_str_equal (key, "fail_sync")
               || g_str_equal (key, "lock_after") || g_str_equal (key, "lock_shared"))
        {
          ok = g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &number, NULL);
          if (g_str_equal (key, "fail_write"))
            config->fail_write = number;
          else if (g_str_equal (key, "fail_sync"))
            config->fail_sync = number;
          else if (g_str_equal (key, "lock_after"))
            config->lock_after = number;
          else
            config->lock_shared = number != 0;
        }
      else
        {
          g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                       _("“%s” is not a setting of the simulated share."), key);
          return FALSE;
        }

      if (!ok)
        {
          g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                       _("The simulated share's setting “%s” needs a number, not “%s”."), key, value);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
peygir_vfs_sim_configure (const char  *spec,
                          GError     **error)
{
  SimConfig config;

  g_return_val_if_fail (spec != NULL, FALSE);

  if (!register_vfs (error) || !parse_spec (spec, &config, error))
    return FALSE;

  g_mutex_lock (&sim_mutex);
  sim_config = config;
  writes_since_config = 0;
  syncs_since_config = 0;
  write_locks_granted = 0;
  hold_until = 0;
  g_mutex_unlock (&sim_mutex);
  return TRUE;
}

gboolean
peygir_vfs_sim_setup_from_environment (const char **vfs_name,
                                       GError     **error)
{
  const char *spec = g_getenv ("PEYGIR_VFS_SIM");
  gboolean changed;

  *vfs_name = NULL;
  if (spec == NULL)
    return TRUE;

  g_mutex_lock (&sim_mutex);
  changed = g_strcmp0 (spec, last_environment) != 0;
  if (changed)
    {
      g_free (last_environment);
      last_environment = g_strdup (spec);
    }
  g_mutex_unlock (&sim_mutex);

  if (changed && !peygir_vfs_sim_configure (spec, error))
    {
      g_mutex_lock (&sim_mutex);
      g_clear_pointer (&last_environment, g_free);
      g_mutex_unlock (&sim_mutex);
      return FALSE;
    }
  if (!register_vfs (error))
    return FALSE;

  *vfs_name = PEYGIR_VFS_SIM_NAME;
  return TRUE;
}

void
peygir_vfs_sim_get_counts (PeygirVfsSimCounts *counts)
{
  g_return_if_fail (counts != NULL);

  g_mutex_lock (&sim_mutex);
  *counts = sim_counts;
  g_mutex_unlock (&sim_mutex);
}

void
peygir_vfs_sim_reset_counts (void)
{
  g_mutex_lock (&sim_mutex);
  memset (&sim_counts, 0, sizeof sim_counts);
  g_mutex_unlock (&sim_mutex);
}
