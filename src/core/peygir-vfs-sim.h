/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A simulated network share for tests and benchmarks: an SQLite VFS named
 * "peygir-sim" over the default unix one that counts the calls a file
 * server would see, adds latency to them and injects faults. The store
 * opens its file through it only when PEYGIR_VFS_SIM is set, to a spec of
 * comma-separated settings:
 *
 *   read_ms=F, write_ms=F, sync_ms=F, lock_ms=F, open_ms=F
 *       latency added to each read, write, sync, lock call, and each open,
 *       delete or existence check (milliseconds, fractions allowed);
 *   fail_write=N, fail_sync=N
 *       the Nth write (sync) after the spec was applied fails with an I/O
 *       error, once;
 *   lock_hold_ms=N, lock_after=K, lock_shared=1
 *       another host holds the database's write lock for N ms, from the
 *       first attempt to take a write lock after K of them have succeeded:
 *       meanwhile taking a write lock is refused as busy (with lock_shared=1,
 *       reading is refused too, as while the other host commits).
 *
 * "PEYGIR_VFS_SIM=" (empty) only counts. Counters and settings are global
 * to the process and safe to use from any thread. */

#define PEYGIR_VFS_SIM_NAME "peygir-sim"

typedef struct
{
  guint64 reads;        /* xRead calls, every file */
  guint64 db_reads;     /* of them, on a main database file */
  guint64 writes;
  guint64 syncs;
  guint64 locks;        /* xLock, xUnlock and xCheckReservedLock */
  guint64 opens;        /* xOpen, xDelete and xAccess: metadata round trips */
  guint64 read_bytes;
  guint64 write_bytes;
  guint64 busy;         /* lock calls refused because of lock_hold_ms */
  guint64 faults;       /* I/O errors injected */
  guint64 sync_us;      /* time spent in the real file system's syncs, µs */
} PeygirVfsSimCounts;

/* Registers the VFS (once, from any thread) and applies @spec, replacing
 * every setting and restarting the fault and lock triggers. */
gboolean     peygir_vfs_sim_configure          (const char          *spec,
                                                GError             **error);
/* For peygir_store_open (): when PEYGIR_VFS_SIM is set, registers the VFS,
 * applies the variable's spec if it differs from the one last taken from
 * the environment, and returns the VFS's name in @vfs_name; otherwise
 * @vfs_name is NULL (the default VFS). FALSE if the spec is not understood. */
gboolean     peygir_vfs_sim_setup_from_environment (const char     **vfs_name,
                                                    GError         **error);
void         peygir_vfs_sim_get_counts         (PeygirVfsSimCounts  *counts);
void         peygir_vfs_sim_reset_counts       (void);

G_END_DECLS
