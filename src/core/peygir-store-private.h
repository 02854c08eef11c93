/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the store's files share and nobody else sees: the instance struct,
 * the lock, transactions, the audit event and the helpers one subject's file
 * lends another. Only the tests' migration helper is used outside the store. */

#include "peygir-db.h"
#include "peygir-store.h"
#include "peygir-workflow.h"

G_BEGIN_DECLS

/* A backup runs unattended (the nightly script) and nobody sits waiting
 * for it, so it may wait several times a save's budget for a desk that is
 * writing; but a lock held for good must not hang the night's script. */
#define BACKUP_BUSY_FACTOR        8
#define DEFAULT_RESPONSE_DAYS     7
#define DEFAULT_SERVICE_DAYS      15
#define MAX_NOTE_CHARS            32000
#define CREATE_FOR_COPY           (-1)

struct _PeygirStore
{
  GObject         parent_instance;

  GRecMutex       lock;          /* one connection, used by one thread at a time */
  PeygirDb       *db;
  char           *path;
  gboolean        server;        /* a PostgreSQL server, not a file */
  gboolean        read_only;
  guint           batch_depth;
  GRand          *rand;
  PeygirCalendar *batch_calendar;
  GHashTable     *batch_actors;  /* login → PeygirUser, read once a batch */
  GHashTable     *batch_search;  /* ids of the cases whose search rows wait for the batch's end */
  gint64          batch_time;
  int             create_version; /* 0: a new file is made at the current version;
                                   * CREATE_FOR_COPY: that, with nothing in it */
  char           *operator_login; /* who is at the keyboard; NULL: the actor */
  char           *server_login;  /* on a server, the role connected (session_user) */
  gboolean        server_bound;  /* …which is not the owner: every action is its own */

  /* In a batch the audit chain's head is kept here and written to meta
   * once, at the end; the savepoint's copy undoes a failed action. */
  gboolean        head_cached;
  gint64          head_id;
  char           *head_hash;
  gint64          savepoint_head_id;
  char           *savepoint_head_hash;
};

typedef struct
{
  PeygirStore *store;
} StoreLocker;

static inline void
store_unlock (StoreLocker *locker)
{
  if (locker->store != NULL)
    g_rec_mutex_unlock (&locker->store->lock);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoreLocker, store_unlock)

/* Taken before any g_autoptr(PeygirDbStatement) is declared: cleanups run in
 * reverse order, so the statement is then reset while the lock is still
 * held, never after another thread has begun to use it. */
#define STORE_LOCK(self) \
  g_auto(StoreLocker) G_PASTE (locker_, __LINE__) = { self }; \
  g_rec_mutex_lock (&(self)->lock)

/* Makes a new object of the row @stmt stands on. */
typedef gpointer (*RowFunc) (PeygirDbStatement *stmt);

/* A case's columns, with @description the column or expression for its
 * text. Overdue (answer not sent on time) is read from answer_due, the
 * earliest deadline of the round's dispatched, unanswered referrals, which
 * every action that moves one keeps current. */
#define CASE_SELECT(description) \
  "c.id, c.tracking_code, c.reg_year, c.reg_seq, c.kind, c.applicant_type, c.applicant_name," \
  " c.national_id, c.mobile, c.phone, c.address, c.postal_code, c.email, c.subject, " description "," \
  " c.category, c.agency_id, a.name, c.channel, c.samad_code, c.linked_case_id, c.state," \
  " c.expert_id, u.name, c.received_on, c.created_at, c.registered_at, c.updated_at," \
  " c.closed_at, c.service_due, c.paused_at, c.round, c.version," \
  " CASE WHEN c.answer_due < :today THEN 1 ELSE 0 END" \
  " FROM cases c LEFT JOIN agencies a ON a.id = c.agency_id LEFT JOIN users u ON u.id = c.expert_id"

/* answer_due (see CASE_SELECT) computed afresh, in an UPDATE of cases. */
#define CASE_ANSWER_DUE \
  "(SELECT min (r.due) FROM referrals r" \
  " WHERE r.case_id = cases.id AND r.round = cases.round AND r.state = 'dispatched')"
/* letters_waiting: 1 while the case has letters approved and not sent, by
 * peygir_workflow_letter_waiting ()'s rule (referral letters, and
 * reminders, of the case's round), else NULL: the print queue. */
#define CASE_LETTERS_WAITING \
  "(SELECT 1 WHERE EXISTS (SELECT 1 FROM referrals r" \
  "  WHERE r.case_id = cases.id AND r.round = cases.round AND r.state = 'approved')" \
  " OR EXISTS (SELECT 1 FROM referrals r JOIN follow_ups f ON f.referral_id = r.id" \
  "  WHERE r.case_id = cases.id AND r.round = cases.round AND r.state = 'dispatched'" \
  "  AND f.reminder = 'approved'))"
/* reminder_draft: 1 while a reminder letter waits for the manager, else NULL. */
#define CASE_REMINDER_DRAFT \
  "(SELECT 1 WHERE EXISTS (SELECT 1 FROM referrals r JOIN follow_ups f ON f.referral_id = r.id" \
  "  WHERE r.case_id = cases.id AND r.state = 'dispatched' AND f.reminder = 'draft'))"
/* Every column kept from a case's referrals, as an UPDATE of cases sets
 * them after a change of its referrals or follow-ups. */
#define CASE_SET_FROM_REFERRALS \
  "answer_due = " CASE_ANSWER_DUE ", letters_waiting = " CASE_LETTERS_WAITING \
  ", reminder_draft = " CASE_REMINDER_DRAFT

/* Pages of the inbox need only the start of a long description. */
#define FULL_DESCRIPTION  "c.description"
#define SHORT_DESCRIPTION "substr (c.description, 1, 300)"

/* Stored identifiers back to enums; the database only holds known ones. */
#define COLUMN_ENUM(stmt, column, type, out) \
  peygir_##type##_from_string (peygir_db_column_text (stmt, column), out)

/* For the tests of migrations only: makes a new database at @path as an
 * earlier Peygir made it, at schema @version. */
/* On a server, every user's role holds the group roles of their Peygir
 * roles (none when inactive): after a copy brought the users in. */
gboolean _peygir_store_set_memberships (PeygirStore  *self,
                                        GError      **error);
gboolean _peygir_store_create_at_version (const char  *path,
                                          int          version,
                                          GError     **error);

/* peygir-store.c */

/* Steps @stmt to its end, making an object of each row with @from_row: the
 * one loop behind every list the store returns. */
GPtrArray *_peygir_store_collect_rows (PeygirStore        *self,
                                       PeygirDbStatement  *stmt,
                                       RowFunc             from_row,
                                       GDestroyNotify      free_row,
                                       GError            **error);
/* Steps @stmt once: TRUE when it comes to @expect, PEYGIR_DB_ROW for a
 * query of one row at most (it then stands on the row) or PEYGIR_DB_DONE
 * for a write. Else FALSE with @error set: @domain's @code saying @format
 * when the query found no row or the write met a unique key held already,
 * the connection's error otherwise. */
gboolean _peygir_store_step_expect (PeygirStore        *self,
                                    PeygirDbStatement  *stmt,
                                    PeygirDbResult      expect,
                                    GError            **error,
                                    GQuark              domain,
                                    int                 code,
                                    const char         *format,
                                    ...) G_GNUC_PRINTF (7, 8);
/* Reads every row of @sql, its :first and :last bound to @first and
 * @last, handing each to @row. */
typedef void (*StoreRowFunc) (PeygirDbStatement *stmt,
                              gpointer           data);
gboolean _peygir_store_read_between (PeygirStore   *self,
                                     const char    *sql,
                                     gint64         first,
                                     gint64         last,
                                     StoreRowFunc   row,
                                     gpointer       data,
                                     GError       **error);
/* Steps @stmt, a count: its number, or -1 with @error set. */
gint64 _peygir_store_step_count (PeygirStore        *self,
                                 PeygirDbStatement  *stmt,
                                 GError            **error);
/* One transaction a call (a savepoint inside a batch); _tx_end commits if
 * @ok, else rolls back, and returns FALSE (with @error) if either failed. */
gboolean _peygir_store_tx_begin (PeygirStore  *self,
                                 gboolean      write,
                                 GError      **error);
gboolean _peygir_store_tx_end (PeygirStore  *self,
                               gboolean      ok,
                               GError      **error);
/* The time of an action: the batch's when one is set, else the clock's. */
gint64 _peygir_store_now (PeygirStore *self);
PeygirDay _peygir_store_today (void);

/* peygir-store-office.c */

/* The actor of an action: a known, active user, whom the operator (if
 * another) may act for. A new user, or NULL with @error set. */
PeygirUser *_peygir_store_read_actor (PeygirStore  *self,
                                      const char   *login,
                                      GError      **error);
/* The user of @id, active or not; UNKNOWN_USER when there is none. */
PeygirUser *_peygir_store_read_user_by_id (PeygirStore  *self,
                                           gint64        id,
                                           GError      **error);
/* Begins an action's write transaction and reads its actor, who must hold
 * one of @roles (PEYGIR_ROLE_NONE: any), else NOT_PERMITTED saying @denied.
 * The actor; or NULL with @error set, and no transaction left open. */
PeygirUser *_peygir_store_begin_action (PeygirStore  *self,
                                        const char   *actor_login,
                                        PeygirRoles   roles,
                                        const char   *denied,
                                        GError      **error);
/* Sets @operator_id to the administrator acting for @actor_id, or to 0. */
gboolean _peygir_store_read_operator (PeygirStore  *self,
                                      gint64        actor_id,
                                      gint64       *operator_id,
                                      GError      **error);
/* An administrative change's actor: NULL is the operator when one is set,
 * else the program holding the file itself (a test, the demo's own set-up),
 * whose @actor_id is 0; a named actor must be an administrator. */
gboolean _peygir_store_check_admin (PeygirStore  *self,
                                    const char   *actor_login,
                                    gint64       *actor_id,
                                    GError      **error);
/* _check_admin at the start of a write transaction: FALSE with @error
 * set, and no transaction left open. */
gboolean _peygir_store_begin_admin (PeygirStore  *self,
                                    const char   *actor_login,
                                    gint64       *actor_id,
                                    GError      **error);
PeygirAgency *_peygir_store_read_agency (PeygirStore  *self,
                                         gint64        id,
                                         GError      **error);
int _peygir_store_read_response_days (PeygirStore        *self,
                                      const PeygirAgency *agency);
/* A setting's value, or its default; _int: @fallback if it is no number. */
char *_peygir_store_read_setting (PeygirStore  *self,
                                  const char   *key,
                                  GError      **error);
int _peygir_store_read_setting_int (PeygirStore *self,
                                    const char  *key,
                                    int          fallback);
PeygirCalendar *_peygir_store_read_calendar (PeygirStore  *self,
                                             GError      **error);
/* The official lunar holidays shipped for @persian_year that the table
 * lacks, added inside the caller's transaction without an event; how
 * many, -1 on an error. */
int _peygir_store_write_official_holidays (PeygirStore  *self,
                                           int           persian_year,
                                           GError      **error);
/* The default settings, holidays and agencies of a new file. */
gboolean _peygir_store_seed_new_database (PeygirStore  *self,
                                          GError      **error);

/* peygir-store-actions.c */

/* What every action checks of its request before it reads the case: the
 * note, and the arguments its kind needs. */
gboolean _peygir_store_check_request (const PeygirActionRequest  *request,
                                      GError                    **error);
/* The actions' rules that need nothing but the case in memory, which the
 * bulk path applies as the actions do. Each FALSE with the workflow's
 * error saying why. */
PeygirReferral *_peygir_store_find_referral      (const PeygirCase           *kase,
                                                  gint64                      referral_id,
                                                  GError                    **error);
gboolean _peygir_store_check_refer               (const PeygirActionRequest  *request,
                                                  GError                    **error);
/* A letter of @referral waits to be sent: which (@kind). */
gboolean _peygir_store_check_letter_waiting      (const PeygirReferral       *referral,
                                                  int                         round,
                                                  PeygirLetterKind           *kind,
                                                  GError                    **error);
/* Calls @send for each of @referrals whose letter waits to be sent (the
 * secretariat's dispatch of them all); an error when none waits. */
typedef gboolean (*PeygirSendWaiting) (gpointer           data,
                                       PeygirReferral    *referral,
                                       PeygirLetterKind   kind,
                                       GError           **error);
gboolean _peygir_store_send_each_waiting         (GPtrArray                  *referrals,
                                                  int                         round,
                                                  PeygirSendWaiting           send,
                                                  gpointer                    data,
                                                  GError                    **error);
/* A follow-up of @referral on @day, the agency reminded by @channel. */
gboolean _peygir_store_check_follow_up           (const PeygirReferral       *referral,
                                                  PeygirChannel               channel,
                                                  PeygirDay                   day,
                                                  GError                    **error);
gboolean _peygir_store_check_approve_reminder    (const PeygirReferral       *referral,
                                                  GError                    **error);
gboolean _peygir_store_check_answer              (const PeygirReferral       *referral,
                                                  GError                    **error);
gboolean _peygir_store_all_answered_but          (const PeygirCase           *kase,
                                                  const PeygirReferral       *referral);
/* @actor may give the case to @assignee_id; then @assignee may hold it,
 * and @note says from whom to whom. */
gboolean _peygir_store_check_assigner            (const PeygirUser           *actor,
                                                  const PeygirCase           *kase,
                                                  gint64                      assignee_id,
                                                  GError                    **error);
gboolean _peygir_store_check_assignee            (const PeygirCase           *kase,
                                                  const PeygirUser           *assignee,
                                                  GString                    *note,
                                                  GError                    **error);
/* The event's note: what the action's effects wrote in @note, then the
 * request's note, and the channel first when the action needs one. */
void _peygir_store_finish_event_note (GString                   *note,
                                      const PeygirActionRequest *request);

/* peygir-store-audit.c */

gboolean _peygir_store_write_audit_head (PeygirStore  *self,
                                         gint64        head_id,
                                         const char   *head_hash,
                                         GError      **error);
/* Appends an event to the audit chain, hashed on the one before; in a
 * batch the chain's head is written once, at the batch's end. */
gboolean _peygir_store_append_event (PeygirStore  *self,
                                     gint64        case_id,
                                     gint64        at,
                                     gint64        actor_id,
                                     const char   *action,
                                     const char   *from_state,
                                     const char   *to_state,
                                     const char   *note,
                                     GError      **error);
/* The chain's part of _append_event: the event hashed on the head and
 * inserted, without the report's figures (the bulk path adds its cases'
 * figures at once). */
gboolean _peygir_store_insert_event (PeygirStore  *self,
                                     gint64        case_id,
                                     gint64        at,
                                     gint64        actor_id,
                                     gint64        operator_id,
                                     const char   *action,
                                     const char   *from_state,
                                     const char   *to_state,
                                     const char   *note,
                                     GError      **error);

/* peygir-store-cases.c */

/* Binds a draft's fields to the parameters of the same names (:kind,
 * :applicant_type, :name, …, :received_on) of an INSERT or UPDATE of cases. */
gboolean _peygir_store_bind_draft (PeygirDbStatement     *stmt,
                                   const PeygirCaseDraft *draft);
/* A case from a row of CASE_SELECT, whose :today _bind_today binds. */
PeygirCase *_peygir_store_case_from_row (PeygirDbStatement *stmt);

/* The report's figures kept as the work happens (peygir-store-tally.c).
 * Around every write that changes what a case adds to them (its row, its
 * state, its referrals, follow-ups or contacts in person), in the same
 * transaction: _begin takes the case's share away (0: a new case), _end
 * adds it as it now is and writes the difference. */
typedef struct _PeygirTally PeygirTally;
void         _peygir_tally_free          (PeygirTally  *tally);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirTally, _peygir_tally_free)
PeygirTally *_peygir_store_tally_begin   (PeygirStore  *self,
                                          gint64        case_id,
                                          GError      **error);
gboolean     _peygir_store_tally_end     (PeygirStore  *self,
                                          PeygirTally  *tally,
                                          gint64        case_id,
                                          GError      **error);
/* Before an event of @case_id by @actor_id at @at is appended: that they
 * acted on it that day. */
gboolean     _peygir_store_tally_event   (PeygirStore  *self,
                                          gint64        case_id,
                                          gint64        actor_id,
                                          gint64        at,
                                          GError      **error);
/* The figures of the new cases @first to @last, whole (who acted on
 * them too), added: for the bulk path, which writes cases at once. */
gboolean     _peygir_store_tally_add_cases (PeygirStore  *self,
                                            gint64        first,
                                            gint64        last,
                                            GError      **error);
/* Every figure written anew from the history, in a write transaction. */
gboolean     _peygir_store_tally_rebuild (PeygirStore  *self,
                                          GError      **error);
/* The figures computed again from the history, a chunk of cases a read,
 * against those kept: @differences, the rows that differ. */
gboolean     _peygir_store_tally_verify  (PeygirStore  *self,
                                          gint64       *differences,
                                          GError      **error);
/* The counts of the cartable's queues (peygir-store-counts.c): kept by
 * the database's triggers as cases change; written anew from the cases,
 * in a write transaction; compared with a count of the cases, in one
 * read: @differences, the rows that differ. */
gboolean     _peygir_store_counts_rebuild (PeygirStore  *self,
                                           GError      **error);
gboolean     _peygir_store_counts_verify  (PeygirStore  *self,
                                           gint64       *differences,
                                           GError      **error);
/* The bulk path's (peygir-store-counts.c): on a file, the insert's
 * trigger set aside while new cases are written, then their counts added
 * at once (the cases @first to @last; 0: none) and the trigger put back,
 * in the same transaction. Nothing on a server, whose trigger stays. */
gboolean     _peygir_store_counts_suspend   (PeygirStore  *self,
                                             GError      **error);
gboolean     _peygir_store_counts_add_cases (PeygirStore  *self,
                                             gint64        first,
                                             gint64        last,
                                             GError      **error);
/* The insert trigger of the counts, as the schema makes it (peygir-store.c). */
char        *_peygir_store_counted_insert_trigger (void);
/* @sql with each RUNNING replaced by the workflow's states whose service
 * clock runs, as a list of SQL strings: the schema's triggers and the
 * counts' checks spell them from one place. */
char        *_peygir_store_with_running_states (const char *sql);
/* The count of @query from the counts; -1 in @count when they do not
 * hold it (a filter they do not keep). FALSE on an error only. */
gboolean     _peygir_store_count_from_counts (PeygirStore            *self,
                                              const PeygirCaseQuery  *query,
                                              gint64                 *count,
                                              GError                **error);
void _peygir_store_bind_today (PeygirDbStatement *stmt);
PeygirCase *_peygir_store_read_case (PeygirStore       *self,
                                     gint64             id,
                                     PeygirCaseDetail   detail,
                                     GError           **error);
gboolean _peygir_store_check_agency_usable (PeygirStore  *self,
                                            gint64        agency_id,
                                            GError      **error);
gboolean _peygir_store_case_exists (PeygirStore  *self,
                                    gint64        case_id,
                                    GError      **error);
/* The case's row in the search index; in a batch, at the batch's end
 * (_flush_search_rows). */
gboolean _peygir_store_write_search_row (PeygirStore  *self,
                                         gint64        case_id,
                                         GError      **error);
/* The search row of a case from its texts (@answers: every answer and
 * its number, NULL for none), the one it had replaced if @replace. */
gboolean _peygir_store_insert_search_row (PeygirStore  *self,
                                          gint64        case_id,
                                          const char   *name,
                                          const char   *subject,
                                          const char   *description,
                                          const char   *answers,
                                          gboolean      replace,
                                          GError      **error);
gboolean _peygir_store_flush_search_rows (PeygirStore  *self,
                                          GError      **error);
/* The next number of @series in @year, allocated in the caller's
 * transaction; -1 with @error set. */
gint64 _peygir_store_next_number (PeygirStore  *self,
                                  const char   *series,
                                  int           year,
                                  GError      **error);
/* FALSE, saying so, when someone saved @kase since @expect_version was read. */
gboolean _peygir_store_check_version (PeygirCase  *kase,
                                      int          expect_version,
                                      GError     **error);

/* peygir-store-actions.c */

char *_peygir_store_format_letter_number (int    year,
                                          gint64 seq);
/* Registers a letter of @kind that is being sent under the year's next
 * outgoing number (which must be @expect when that is not NULL), with the
 * PDF that was printed when @pdf is given, and returns the number. */
char *_peygir_store_issue_letter_number_full (PeygirStore       *self,
                                              gint64             case_id,
                                              gint64             actor_id,
                                              gint64             at,
                                              PeygirLetterKind   kind,
                                              gint64             referral_id,
                                              const char        *expect,
                                              GBytes            *pdf,
                                              GError           **error);

/* peygir-store.c, for peygir-store-copy.c: opens the database at @location,
 * making it if missing at the current version with its tables only, none
 * of a new database's settings, agencies, holidays or first event: the
 * copy brings its own. */
PeygirStore *_peygir_store_open_for_copy (const char  *location,
                                          GError     **error);

/* peygir-store-copy.c */

/* The whole database copied into a file at @dest, which it replaces once
 * the copy checks: a server's backup. */
gboolean _peygir_store_copy_to_file (PeygirStore  *self,
                                     const char   *dest,
                                     GError      **error);
/* For the tests: FALSE, naming it, when a table of the database has a
 * column the copy does not know, or lacks one it knows. */
gboolean _peygir_store_copy_check_columns (PeygirStore  *self,
                                           GError      **error);

/* peygir-store-documents.c */

/* Stores @size bytes of @stream as a document of @case_id and records the
 * event, in the caller's write transaction. Validated: a name, a MIME type,
 * the office's size limit (known from @size before anything is read). */
PeygirDocument *_peygir_store_insert_document (PeygirStore   *self,
                                               gint64         actor_id,
                                               gint64         case_id,
                                               const char    *name,
                                               const char    *content_type,
                                               GInputStream  *stream,
                                               goffset        size,
                                               GCancellable  *cancellable,
                                               gint64         at,
                                               GError       **error);

G_END_DECLS
