/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "peygir-date.h"
#include "peygir-error.h"
#include "peygir-types.h"
#include "peygir-workflow.h"

G_BEGIN_DECLS

/* The one place that speaks SQL. A PeygirStore is one connection to one
 * database file, which may sit on a network share: every call is one short
 * transaction (BEGIN IMMEDIATE for writes), no statement stays open between
 * calls, and every call may be made from a worker thread (calls are
 * serialised on the connection). */

#define PEYGIR_TYPE_STORE (peygir_store_get_type ())
G_DECLARE_FINAL_TYPE (PeygirStore, peygir_store, PEYGIR, STORE, GObject)

#define PEYGIR_SCHEMA_VERSION 7

typedef enum
{
  PEYGIR_STORE_OPEN_DEFAULT   = 0,
  PEYGIR_STORE_OPEN_CREATE    = 1 << 0,  /* create and initialise a missing or empty file */
  PEYGIR_STORE_OPEN_READ_ONLY = 1 << 1,
} PeygirStoreOpenFlags;

/* PEYGIR_DB, else $XDG_DATA_HOME/peygir/peygir.db. */
char        *peygir_store_default_path      (void);

/* Whether @location names a database on a PostgreSQL server (a libpq
 * URI, postgresql://… or postgres://…, or service=NAME) rather than a file. */
gboolean     peygir_store_location_is_server (const char *location);

/* Opens @path: a file, or a database on a server
 * (peygir_store_location_is_server ()), whose tables it makes when
 * @flags has CREATE and it has none. A file of an older schema is backed up beside itself
 * (PATH.backup-vN-TIMESTAMP) and migrated; a newer one is refused
 * (NEWER_SCHEMA); a file that is not a Peygir database is refused
 * (CORRUPT or NOT_INITIALIZED); a file that cannot be written opens
 * read-only. */
PeygirStore *peygir_store_open              (const char           *path,
                                             PeygirStoreOpenFlags  flags,
                                             GError              **error);
/* The same, and on a server with @password beside the location (never
 * written into it; NULL: what the location or libpq's environment gives).
 * The server asking for a password, or refusing the one given:
 * PEYGIR_STORE_ERROR_NEEDS_PASSWORD; not letting the role use the
 * database: PEYGIR_STORE_ERROR_NOT_PERMITTED. A file ignores @password. */
PeygirStore *peygir_store_open_with_password (const char           *path,
                                              PeygirStoreOpenFlags  flags,
                                              const char           *password,
                                              GError              **error);
/* A server's location as typed by a person: FALSE with
 * PEYGIR_STORE_ERROR_UNREACHABLE when it is not one, is not valid libpq
 * syntax, or holds a password. */
gboolean     peygir_store_check_server_location (const char  *location,
                                                 GError     **error);
/* The role, host and database a server's location names (libpq's defaults
 * for the parts it leaves out), never its password; FALSE when it cannot
 * be parsed. */
gboolean     peygir_store_describe_server   (const char  *location,
                                             char       **user,
                                             char       **host,
                                             char       **dbname);
/* @location without its password, the same text for the same server: what
 * a password is kept under. NULL when it cannot be parsed. */
char        *peygir_store_server_key        (const char  *location);
const char  *peygir_store_get_path          (PeygirStore *self);
/* Where the database is, to show or print: the path, or a server's
 * location without its password. */
char        *peygir_store_dup_shown_location (PeygirStore *self);
gboolean     peygir_store_is_read_only      (PeygirStore *self);
/* Changes when another connection commits: poll it to see other desks' work. */
gboolean     peygir_store_get_data_version  (PeygirStore *self,
                                             gint64      *version,
                                             GError     **error);
/* On a server, a socket that becomes readable when another desk commits:
 * watch it, and read peygir_store_get_data_version when it does, instead
 * of polling. -1 on a file, which is polled. */
int          peygir_store_get_change_socket (PeygirStore *self);
/* The busy timeout (default 8 s): how long a call waits in all for other
 * desks' locks. A write waits that long for its write lock and its commit
 * together, then gives up as busy with nothing saved; a backup waits eight
 * times as long. */
void         peygir_store_set_busy_timeout  (PeygirStore *self,
                                             int          milliseconds);

/* Whether @path lies on a network file system (NFS, SMB/CIFS, FUSE); the name
 * of the file system in @fs_name. FALSE for a database on a server. */
gboolean     peygir_store_path_is_network   (const char  *path,
                                             char       **fs_name);

/* integrity_check, the audit chain, the report's figures against the
 * history they are kept from, and the cartable's counts against the
 * cases. FALSE with PEYGIR_STORE_ERROR_CORRUPT, _AUDIT (the problems one
 * a line in the message) or _FIGURES. */
gboolean     peygir_store_check             (PeygirStore *self,
                                             GError     **error);
/* The report's figures written anew from the history and the counts
 * from the cases, in one write transaction, and an event that says so:
 * what a _FIGURES check asks for. An administrator's. */
gboolean     peygir_store_repair_figures    (PeygirStore *self,
                                             const char  *actor_login,
                                             GError     **error);
/* A consistent copy of the live database at @dest (written beside @dest
 * first, then renamed into place), and beside it @dest.head: the id and hash
 * of the last audit event the copy holds. A server's database is written as
 * a file, by peygir_store_copy_to (). */
gboolean     peygir_store_backup            (PeygirStore *self,
                                             const char  *dest,
                                             GError     **error);
/* Copies every table of the database, ids, documents, letters and the
 * audit chain, into the database at @dest_location (a file or a server),
 * made if missing, which must hold no case and no event yet (else
 * PEYGIR_STORE_ERROR_EXISTS). A file is read in short pages, so the desks
 * keep saving meanwhile, a server in one snapshot, which holds back no
 * desk's write there; the destination is written in one
 * transaction, rebuilt its search index, checked (peygir_store_check) and
 * only then committed; a file is written beside @dest_location and renamed
 * into place. On failure nothing of the copy stays. Sets @n_cases and
 * @n_events (nullable) to what was copied. */
gboolean     peygir_store_copy_to           (PeygirStore *self,
                                             const char  *dest_location,
                                             gint64      *n_cases,
                                             gint64      *n_events,
                                             GError     **error);
/* Whether the live audit log still holds the last event of the backup at
 * @backup (read from @backup.head, else from the backup itself) as it was.
 * With peygir_store_check, which verifies the chain up to the live head,
 * this finds a log cut short and its head rewritten since the backup:
 * FALSE with PEYGIR_STORE_ERROR_AUDIT. */
gboolean     peygir_store_check_against     (PeygirStore *self,
                                             const char  *backup,
                                             GError     **error);

/* Users and agencies. An empty database makes its first user an
 * administrator whatever roles were asked. */
PeygirUser  *peygir_store_add_user          (PeygirStore *self,
                                             const char  *actor_login,  /* NULL: the first user, or the command line's administrator */
                                             const char  *login,
                                             const char  *name,
                                             PeygirRoles  roles,
                                             GError     **error);
/* Changes a user: a NULL @name keeps the name, 0 @roles keeps the roles,
 * @active -1 keeps it. The office keeps at least one active administrator. */
PeygirUser  *peygir_store_update_user       (PeygirStore *self,
                                             const char  *actor_login,
                                             const char  *login,
                                             const char  *name,
                                             PeygirRoles  roles,
                                             int          active,
                                             GError     **error);
/* The title printed under @login's name on the letters they sign (NULL or
 * empty: none). Anyone may set their own; an administrator anyone's. */
PeygirUser  *peygir_store_set_user_title    (PeygirStore *self,
                                             const char  *actor_login,
                                             const char  *login,
                                             const char  *title,
                                             GError     **error);
/* Administrative changes as the desk saw them: each is refused with
 * PEYGIR_STORE_ERROR_CONFLICT when another desk changed the same thing
 * since @was was read, so that nothing is silently overwritten. */

/* Changes @was (found by its login) to @now's name, title, roles and
 * active. Anyone may change their own name and title; roles, active and
 * anyone else's need an administrator. The office keeps at least one
 * active administrator. The user as saved. */
PeygirUser  *peygir_store_change_user       (PeygirStore       *self,
                                             const char        *actor_login,
                                             const PeygirUser  *was,
                                             const PeygirUser  *now,
                                             GError           **error);
PeygirUser  *peygir_store_find_user         (PeygirStore *self,
                                             const char  *login,
                                             GError     **error);
GPtrArray   *peygir_store_list_users        (PeygirStore *self,
                                             GError     **error);
/* Who is at the keyboard (the command line: the operating system's login).
 * From then on an action whose actor is someone else is taken only when
 * @login is an active administrator, and its event records both; a NULL
 * actor of an administrative change means @login. NULL: no operator (the
 * actor is trusted, as in the app, where the two are the same). */
void         peygir_store_set_operator      (PeygirStore *self,
                                             const char  *login);
/* The login this desk acts as: on a server, the role it connected as
 * (session_user), which is the actor of every action unless it owns the
 * database; on a file, the operating system's login. On a server the
 * operator is always the role connected, whatever was set. */
const char  *peygir_store_get_login         (PeygirStore *self);
gint64       peygir_store_count_users       (PeygirStore *self,
                                             GError     **error);
PeygirAgency *peygir_store_add_agency       (PeygirStore *self,
                                             const char  *actor_login,
                                             const char  *name,
                                             const char  *head_title,   /* NULL: "رئیس محترم " + name */
                                             int          response_days,/* 0: the setting's default */
                                             GError     **error);
/* Changes an agency: NULL texts and 0 days keep theirs, @active -1 keeps it.
 * An agency is never deleted (referrals point to it); deactivated, it is
 * offered no more. */
PeygirAgency *peygir_store_update_agency    (PeygirStore *self,
                                             const char  *actor_login,
                                             gint64       id,
                                             const char  *name,
                                             const char  *head_title,
                                             int          response_days,
                                             int          active,
                                             GError     **error);
/* Changes @was (found by its id) to @now's name, head's title, days to
 * answer and active, as peygir_store_change_user () does a user. */
PeygirAgency *peygir_store_change_agency    (PeygirStore         *self,
                                             const char          *actor_login,
                                             const PeygirAgency  *was,
                                             const PeygirAgency  *now,
                                             GError             **error);
PeygirAgency *peygir_store_get_agency       (PeygirStore *self,
                                             gint64       id,
                                             GError     **error);
GPtrArray   *peygir_store_list_agencies     (PeygirStore *self,
                                             GError     **error);
/* The working days @agency has to answer a referral: its own, else (or
 * for NULL) the office's setting. */
int          peygir_store_get_response_days (PeygirStore        *self,
                                             const PeygirAgency *agency);

/* Settings, with their defaults. Numbers: */
#define PEYGIR_SETTING_SERVICE_DAYS      "service_days"        /* 15 working days */
#define PEYGIR_SETTING_RESPONSE_DAYS     "response_days"       /* 7 working days  */
#define PEYGIR_SETTING_DOCUMENT_MAX      "document_max_bytes"  /* 20 MiB */
/* An agency is ranked in the report's scorecard only with at least this
 * many referrals in the period: fewer are too few to judge it by. */
#define PEYGIR_SETTING_REPORT_RANK_MINIMUM "report_rank_minimum" /* 5 referrals */
/* Texts of the letters: the letterhead, the office's contact lines, the
 * signer's title, and the body templates of each letter kind ("" = the
 * built-in default template). */
#define PEYGIR_SETTING_COUNTRY           "letterhead_country"
#define PEYGIR_SETTING_MINISTRY          "letterhead_ministry"
#define PEYGIR_SETTING_GOVERNORATE       "letterhead_governorate"
#define PEYGIR_SETTING_OFFICE            "letterhead_office"
#define PEYGIR_SETTING_OFFICE_PHONE      "office_phone"
#define PEYGIR_SETTING_OFFICE_ADDRESS    "office_address"
#define PEYGIR_SETTING_SIGNER_TITLE      "signer_title"
#define PEYGIR_SETTING_TEMPLATE_REFERRAL "template_referral"
#define PEYGIR_SETTING_TEMPLATE_REMINDER "template_reminder"
#define PEYGIR_SETTING_TEMPLATE_RECEIPT  "template_receipt"
#define PEYGIR_SETTING_TEMPLATE_ANSWER   "template_answer"
/* Who signs a reminder letter: "manager" (who approves it first, like a
 * referral) or "expert" (the expert who wrote it, under their own title). */
#define PEYGIR_SETTING_REMINDER_SIGNER   "reminder_signer"
/* How far the first administrator has set the office up in the app:
 * "welcome" on a new database, then the step reached ("letterhead",
 * "profile", "agencies", "colleagues", "holidays"), "done" once finished
 * or skipped (and for a database made before the app walked anyone
 * through). */
#define PEYGIR_SETTING_SETUP_STEP        "setup_step"

/* Every setting's key, NULL-terminated, for listings. */
const char * const *peygir_store_setting_keys (void);
char        *peygir_store_get_setting       (PeygirStore *self,
                                             const char  *key,
                                             GError     **error);
int          peygir_store_get_setting_int   (PeygirStore *self,
                                             const char  *key,
                                             int          fallback);
gboolean     peygir_store_set_setting       (PeygirStore *self,
                                             const char  *actor_login,
                                             const char  *key,
                                             const char  *value,
                                             GError     **error);

/* Sets @key to @value while it still holds @was (as
 * peygir_store_get_setting () gave it); PEYGIR_STORE_ERROR_CONFLICT when
 * another desk changed it meanwhile. */
gboolean     peygir_store_change_setting    (PeygirStore *self,
                                             const char  *actor_login,
                                             const char  *key,
                                             const char  *was,
                                             const char  *value,
                                             GError     **error);

/* Images kept in the database: "logo" (the letterhead's), and
 * "signature:LOGIN" (a manager's signature on approved letters). PNG only;
 * NULL data removes the image. get returns NULL when there is none. */
gboolean     peygir_store_set_image         (PeygirStore *self,
                                             const char  *actor_login,
                                             const char  *key,
                                             GBytes      *png,
                                             GError     **error);
GBytes      *peygir_store_get_image         (PeygirStore *self,
                                             const char  *key,
                                             GError     **error);

/* The outgoing-letter registry. Referral letters are numbered at dispatch
 * and reminders at follow-up; the written answer to the applicant is
 * numbered when the secretariat issues it. The PDF that was sent is kept
 * with its number, once, so that it can be shown again exactly. */
typedef struct
{
  gint64  id;
  char   *number;
  PeygirLetterKind kind; /* referral, reminder or answer */
  gint64  case_id;
  gint64  referral_id;   /* 0 for the answer to the applicant */
  gint64  issued_at;
  gint64  issued_by;
  gboolean has_pdf;
  char   *void_reason;   /* a number voided: why; NULL while it stands */
  gint64  voided_at;
  gint64  voided_by;
} PeygirLetterRecord;

void         peygir_letter_record_free      (PeygirLetterRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirLetterRecord, peygir_letter_record_free)

GPtrArray   *peygir_store_list_letters      (PeygirStore *self,
                                             gint64       case_id,
                                             GError     **error);
/* The written answer to the applicant sent in the case's current round;
 * NOT_FOUND while none is. */
PeygirLetterRecord *peygir_store_get_answer_letter (PeygirStore *self,
                                                    gint64       case_id,
                                                    GError     **error);
/* Sends the written answer to the applicant of an answered or rejected
 * case (secretariat): the act that numbers it. Viewing, previewing or
 * printing its draft never does. The existing letter if it was sent
 * already in this round. */
PeygirLetterRecord *peygir_store_issue_answer_letter (PeygirStore *self,
                                                      const char  *actor_login,
                                                      gint64       case_id,
                                                      const char  *expect_number, /* printed with; NULL: any */
                                                      GBytes      *pdf,           /* as printed; NULL: none */
                                                      GError     **error);
/* Voids a number issued by mistake (secretariat; @reason required): it
 * stays in the register as void, never reused, and what it sent waits to
 * be sent again under a new number: the referral letter (refused once the
 * agency answered, or after a reminder was sent), the reminder, or the
 * answer to the applicant. */
gboolean     peygir_store_void_letter       (PeygirStore *self,
                                             const char  *actor_login,
                                             const char  *number,
                                             const char  *reason,
                                             GError     **error);
/* A letter printed with @expect_number (the next number) that did not go
 * out — the sheet jammed or was spoiled — while letters printed after it
 * did: the number is given to it and voided at once with @reason, so that
 * the numbers on the letters sent stay theirs (secretariat). CONFLICT when
 * @expect_number is not the next number. @kind: referral, reminder, answer. */
gboolean     peygir_store_spoil_letter_number (PeygirStore       *self,
                                               const char        *actor_login,
                                               gint64             case_id,
                                               PeygirLetterKind   kind,
                                               gint64             referral_id,
                                               const char        *expect_number,
                                               const char        *reason,
                                               GError           **error);
/* The next @n outgoing numbers as they stand now, to print on letters
 * before they are sent (nothing is reserved: the act that sends each one
 * checks that its number is still the next, see expect_number).
 * NULL-terminated. */
char       **peygir_store_peek_letter_numbers (PeygirStore *self,
                                               guint        n,
                                               GError     **error);

/* The register (دفتر اندیکاتور): outgoing letters and the agencies'
 * answers, newest first, a page at a time. */
typedef enum
{
  PEYGIR_REGISTER_BOTH     = 0,
  PEYGIR_REGISTER_OUTGOING = 1,
  PEYGIR_REGISTER_INCOMING = 2,
} PeygirRegisterDirection;

typedef struct
{
  PeygirDay                from;        /* 0: from the first */
  PeygirDay                to;          /* inclusive; 0: to the last */
  gint64                   agency_id;   /* 0: any */
  const char              *text;        /* in the number, agency or applicant, subject or tracking code */
  PeygirRegisterDirection  directions;
  gboolean                 has_cursor;  /* the last entry of the page before */
  gint64                   after_at;
  gboolean                 after_incoming;
  gint64                   after_id;
  guint                    limit;       /* 0: 50 */
} PeygirRegisterQuery;

typedef struct
{
  gboolean   incoming;             /* an agency's answer; else a letter of the office */
  gint64     id;                   /* letters.id, or the referral's id for an answer */
  char      *number;               /* ours; or the agency's, NULL when they gave none */
  PeygirLetterKind kind;           /* referral, reminder, answer (incoming: answer) */
  gint64     at;                   /* when it was issued or recorded: the order */
  PeygirDay  day;                  /* the day it was issued, or received: what the dates filter */
  PeygirDay  letter_day;           /* incoming: the date on the agency's letter; 0 if not given */
  gint64     case_id;
  char      *tracking_code;
  char      *registration_number;  /* NULL when the case was never registered */
  char      *subject;
  char      *party;                /* the agency, or the applicant for our answer to them */
  gint64     agency_id;            /* 0 for an answer to the applicant */
  gint64     referral_id;
  char      *void_reason;          /* NULL unless the number was voided */
  gboolean   has_pdf;              /* the PDF that was sent is kept */
  gint64     document_id;          /* incoming: the scan of their letter; 0: none */
} PeygirRegisterEntry;

void         peygir_register_entry_free     (PeygirRegisterEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirRegisterEntry, peygir_register_entry_free)

GPtrArray   *peygir_store_list_register     (PeygirStore               *self,
                                             const PeygirRegisterQuery *query,
                                             GError                   **error);

/* Keeps the PDF of an issued letter; refused if one is kept already. */
gboolean     peygir_store_keep_letter_pdf   (PeygirStore *self,
                                             const char  *number,
                                             GBytes      *pdf,
                                             GError     **error);
GBytes      *peygir_store_get_letter_pdf    (PeygirStore *self,
                                             const char  *number,
                                             GError     **error);

/* The holiday table and the working-day calendar made from it. */
GPtrArray   *peygir_store_list_holidays     (PeygirStore *self,
                                             GError     **error);
/* Adds a holiday; a second one of its kind on the same day (the same
 * date, or the same fixed month and day) is refused with
 * PEYGIR_STORE_ERROR_EXISTS. */
gboolean     peygir_store_add_holiday       (PeygirStore         *self,
                                             const char          *actor_login,
                                             const PeygirHoliday *holiday,
                                             GError             **error);
/* Removes @holiday (by its id) as the desk saw it: CONFLICT when another
 * desk removed or changed it meanwhile. */
gboolean     peygir_store_remove_holiday    (PeygirStore         *self,
                                             const char          *actor_login,
                                             const PeygirHoliday *holiday,
                                             GError             **error);
/* Adds the official lunar holidays Peygir ships for @persian_year
 * (peygir-holidays.h) that the table lacks, leaving a day that is already
 * a holiday as it is: how many were added (0 when none are shipped or all
 * are there), -1 on an error. A new database has every shipped year's. */
int          peygir_store_add_official_holidays (PeygirStore *self,
                                                 const char  *actor_login,
                                                 int          persian_year,
                                                 GError     **error);
PeygirCalendar *peygir_store_get_calendar   (PeygirStore *self,
                                             GError     **error);

/* Cases. */
PeygirCase  *peygir_store_create_case       (PeygirStore     *self,
                                             const char      *actor_login,
                                             PeygirCaseDraft *draft,     /* validated and normalised in place */
                                             GError         **error);
/* Edits the intake fields; CONFLICT when the case is no longer at @expect_version. */
PeygirCase  *peygir_store_update_case       (PeygirStore     *self,
                                             const char      *actor_login,
                                             gint64           case_id,
                                             int              expect_version,
                                             PeygirCaseDraft *draft,
                                             GError         **error);

typedef enum
{
  PEYGIR_CASE_DETAIL_NONE      = 0,
  PEYGIR_CASE_DETAIL_REFERRALS = 1 << 0,
} PeygirCaseDetail;

PeygirCase  *peygir_store_get_case          (PeygirStore      *self,
                                             gint64            id,
                                             PeygirCaseDetail  detail,
                                             GError          **error);
/* By tracking code (any digits, with or without separators) or registration number. */
PeygirCase  *peygir_store_find_case         (PeygirStore      *self,
                                             const char       *code,
                                             PeygirCaseDetail  detail,
                                             GError          **error);

typedef struct
{
  gint64        case_id;
  PeygirAction  action;
  const char   *actor_login;
  const char   *note;            /* reason, comment, letter text or answer */
  const gint64 *agency_ids;      /* refer */
  guint         n_agency_ids;
  gint64        referral_id;     /* dispatch (0: every approved letter), follow_up, answer, approve_reminder */
  PeygirChannel channel;         /* notify, contact; follow_up: mail makes a reminder letter */
  gint64        linked_case_id;  /* link */
  gint64        assignee_id;     /* assign: the user who will hold the case */
  /* Dispatch of one letter (a referral_id given) that was printed before
   * it was sent: the number on the paper, which must still be the next one
   * (else CONFLICT, nothing sent), and the PDF printed, kept as the letter
   * that was sent. Both may be NULL. */
  const char   *expect_number;
  GBytes       *letter_pdf;
  /* Answer: the agency's own letter (number and date, either may be
   * missing) and its scan or PDF, added to the case's documents. */
  const char   *answer_number;
  PeygirDay     answer_date;
  const char   *document_name;
  const char   *document_type;   /* a MIME type; NULL: application/octet-stream */
  GBytes       *document;
  /* or, instead of @document, @document_size bytes read from
   * @document_stream inside the action (see add_document_from_stream) */
  GInputStream *document_stream;
  goffset       document_size;
  int           expect_version;  /* -1: whatever the version is */
  gint64        at;              /* 0: now. Set only by the demo generator. */
} PeygirActionRequest;

#define PEYGIR_ACTION_REQUEST_INIT { .expect_version = -1 }

/* One workflow action: the role and state checks of the workflow table, the
 * action's effects, numbers allocated, and the audit event, in one
 * transaction. Returns the case as it is after the action. */
PeygirCase  *peygir_store_apply_action      (PeygirStore               *self,
                                             const PeygirActionRequest *request,
                                             GError                   **error);

typedef enum
{
  PEYGIR_CASE_SORT_RECEIVED,      /* received_on, then id */
  PEYGIR_CASE_SORT_UPDATED,
  PEYGIR_CASE_SORT_REGISTRATION,  /* only the registered cases */
  PEYGIR_CASE_SORT_SERVICE_DUE,   /* the undated first (as 0) */
  /* One a column of the inbox. The text sorts (tracking code, applicant,
   * subject, agency, expert) compare by code point on both engines and page
   * with a text cursor (after_text); the others with after_key. */
  PEYGIR_CASE_SORT_TRACKING,
  PEYGIR_CASE_SORT_APPLICANT,
  PEYGIR_CASE_SORT_SUBJECT,
  PEYGIR_CASE_SORT_AGENCY,        /* by the agency's name, the cases of none first */
  PEYGIR_CASE_SORT_STATE,         /* in the workflow's order (PeygirState's) */
  PEYGIR_CASE_SORT_EXPERT,        /* by the expert's name, the unassigned first */
  PEYGIR_CASE_SORT_DEADLINE,      /* the service deadline the Deadline column shows, the undated last */
  PEYGIR_N_CASE_SORTS
} PeygirCaseSort;

/* A page of cases, keyset-paginated: pass the last row's sort key (or
 * text) and id of one page to get the next. Ties are broken by id, in the
 * sort's direction. A filter left 0 (or FALSE) does not filter. */
typedef struct
{
  guint          states;          /* PEYGIR_STATE_BIT mask; 0 = all */
  gboolean       overdue_only;    /* a referral overdue (answer not sent on time) */
  gboolean       paused_only;     /* waiting for the applicant's documents */
  gboolean       undispatched_only; /* approved letters not yet sent: referrals, reminders (the print queue) */
  gboolean       reminders_to_approve; /* a reminder letter waiting for the manager */
  gint64         expert_id;       /* 0 = anyone */
  gint64         agency_id;       /* 0 = any */
  PeygirCaseSort sort;
  gboolean       descending;
  gboolean       has_cursor;
  gint64         after_key;
  gint64         after_id;
  guint          limit;           /* 0 = 50 */
  gboolean       unassigned_only; /* no expert yet */
  guint          kinds;           /* 1 << PeygirCaseKind; 0 = any */
  guint          channels;        /* 1 << PeygirChannel; 0 = any */
  PeygirDay      received_from;   /* inclusive; 0 = from the first */
  PeygirDay      received_until;  /* inclusive; 0 = to the last */
  const char    *after_text;      /* the cursor of a text sort (NULL otherwise) */
} PeygirCaseQuery;

/* Whether @sort pages by text (peygir_case_sort_text ()) rather than by
 * an integer key. */
gboolean     peygir_case_sort_is_text       (PeygirCaseSort sort);
GPtrArray   *peygir_store_list_cases        (PeygirStore           *self,
                                             const PeygirCaseQuery *query,
                                             GError               **error);
/* The sort key of @kase under @sort, for the next page's cursor (0 for a
 * text sort). */
gint64       peygir_case_sort_key           (const PeygirCase *kase,
                                             PeygirCaseSort    sort);
/* The text sort key of @kase under a text sort, owned by @kase ("" for a
 * case without agency or expert); NULL for the integer sorts. Copy it
 * into the query's after_text for the next page. */
const char  *peygir_case_sort_text          (const PeygirCase *kase,
                                             PeygirCaseSort    sort);
/* The number of cases @query's pages give, whatever its cursor and limit:
 * the same WHERE as peygir_store_list_cases (). */
gint64       peygir_store_count_cases       (PeygirStore           *self,
                                             const PeygirCaseQuery *query,
                                             GError               **error);
/* peygir_store_count_cases () of each of @n_queries @queries into
 * @counts, the counters read once for all of them: a window's sidebar. */
gboolean     peygir_store_count_cases_each  (PeygirStore           *self,
                                             const PeygirCaseQuery *queries,
                                             guint                  n_queries,
                                             gint64                *counts,
                                             GError               **error);
/* Fills @query (zeroed first) with the filters of @queue for the user
 * @user_id (a queue of their own, mine, shows their cases): the one place
 * that turns a queue into a query, for its list and its count alike.
 * TRUE when the query is more than the queue's states, so that the state
 * counters (peygir_store_count_by_state ()) cannot count it. */
gboolean     peygir_case_query_for_queue    (PeygirCaseQuery       *query,
                                             const PeygirQueueInfo *queue,
                                             gint64                 user_id);
/* Cases per state from counters kept in each action's transaction. */
gboolean     peygir_store_count_by_state    (PeygirStore *self,
                                             gint64       counts[PEYGIR_N_STATES],
                                             GError     **error);

/* The office's figures for one workflow state, for the chart. */
typedef struct
{
  gint64 open;             /* cases in the state now */
  gint64 overdue;          /* of them, with a referral past its due day (answer not sent on time) */
  gint64 service_overdue;  /* of them, past the service target and not paused */
  gint64 passages;         /* stays in the state that ended within the period */
  gint64 average_seconds;  /* their average length; 0 without passages */
} PeygirStepFigures;

/* Figures per state (indexed by PeygirState) from counters and indexes, not
 * from reading cases; the averages over stays that ended in [@since, @until). */
gboolean     peygir_store_get_step_figures  (PeygirStore       *self,
                                             gint64             since,
                                             gint64             until,
                                             PeygirStepFigures  figures[PEYGIR_N_STATES],
                                             GError           **error);

/* Search as a person types it: a tracking code, a registration number, a
 * national ID, a mobile (any digits), else the words of names, subjects,
 * descriptions and answers. */
GPtrArray   *peygir_store_search            (PeygirStore *self,
                                             const char  *query,
                                             guint        limit,
                                             GError     **error);
/* Earlier cases of the same national ID or mobile (either may be NULL). */
GPtrArray   *peygir_store_find_earlier_cases (PeygirStore *self,
                                              const char  *national_id,
                                              const char  *mobile,
                                              gint64       exclude_case_id,
                                              GError     **error);

GPtrArray   *peygir_store_list_events       (PeygirStore *self,
                                             gint64       case_id,
                                             GError     **error);
GPtrArray   *peygir_store_list_contacts     (PeygirStore *self,
                                             gint64       case_id,
                                             GError     **error);

/* Attachments, kept in the database with their SHA-256. @content_type
 * must be a MIME type (type/subtype, kept lower-cased; otherwise
 * PEYGIR_INPUT_ERROR_INVALID), NULL for application/octet-stream; a
 * document over the document_max_bytes setting is PEYGIR_INPUT_ERROR_TOO_LARGE. */
PeygirDocument *peygir_store_add_document   (PeygirStore *self,
                                             const char  *actor_login,
                                             gint64       case_id,
                                             const char  *name,
                                             const char  *content_type,
                                             GBytes      *data,
                                             GError     **error);
/* The same with the document's @size bytes read from @stream, in pieces,
 * inside the write transaction: a @size over the limit is refused before
 * anything is read, and a stream that ends before @size bytes or goes on
 * after them is refused (PEYGIR_INPUT_ERROR_INVALID) with nothing kept.
 * Blocks on @stream as well as on the database: for worker threads. */
PeygirDocument *peygir_store_add_document_from_stream (PeygirStore   *self,
                                                       const char    *actor_login,
                                                       gint64         case_id,
                                                       const char    *name,
                                                       const char    *content_type,
                                                       GInputStream  *stream,
                                                       goffset        size,
                                                       GCancellable  *cancellable,
                                                       GError       **error);
GPtrArray   *peygir_store_list_documents    (PeygirStore *self,
                                             gint64       case_id,
                                             GError     **error);
GBytes      *peygir_store_get_document_data (PeygirStore *self,
                                             gint64       document_id,
                                             GError     **error);

/* Many actions in one transaction, for the demo generator and imports:
 * between begin and end, the calls above do not begin or commit their own. */
gboolean     peygir_store_begin_batch       (PeygirStore *self,
                                             GError     **error);
gboolean     peygir_store_end_batch         (PeygirStore *self,
                                             gboolean     commit,
                                             GError     **error);
/* Inside a batch, the moment that new cases record as their intake (0: now);
 * for the demo generator and imports of past cases. */
void         peygir_store_set_batch_time    (PeygirStore *self,
                                             gint64       at);

/* The bulk path, for the demo generator and the import of an office's
 * past registry (peygir-store-bulk.c): a case's whole history taken at
 * once. Each action is checked as peygir_store_apply_action () checks it
 * (the workflow's roles and states, the request's arguments, the agencies
 * and users named) and applied to the case in memory; _write_case then
 * writes the case's final rows, and _commit what the store keeps beside
 * them, in one transaction for many cases. The rows are those the actions
 * would have written. What is not committed when the bulk is freed is
 * rolled back. */
typedef struct _PeygirBulk PeygirBulk;

PeygirBulk       *peygir_store_bulk_new          (PeygirStore               *store);
void              peygir_bulk_free               (PeygirBulk                *self);
/* A new case, taken in by @actor_login (NULL for the past's) at @at (its draft's received_on
 * not after), with @tracking_code (ASCII digits, one no other case has)
 * or NULL for a new one (another case's is EXISTS); @draft is validated as intake validates it
 * (and tidied by that). The case as it is, owned by @self until the next
 * call; NULL with @error set, and then the case is forgotten. */
const PeygirCase *peygir_bulk_take_in            (PeygirBulk                *self,
                                                  const char                *actor_login,
                                                  PeygirCaseDraft           *draft,
                                                  gint64                     at,
                                                  const char                *tracking_code,
                                                  GError                   **error);
/* An action on the case taken in (@request's case_id is ignored; its
 * referral_id and assignee_id are those of the case as returned, and its
 * at must be set, not before the case's last action). The case after
 * it, as above; NULL with @error set, and then the case is forgotten. */
const PeygirCase *peygir_bulk_act                (PeygirBulk                *self,
                                                  const PeygirActionRequest *request,
                                                  GError                   **error);
/* The number the case's registration gives, instead of the year's next
 * one: a past case's own (the year's counter then moves past it). FALSE,
 * with PEYGIR_STORE_ERROR_EXISTS, when another case holds it, and then
 * the case is forgotten. */
gboolean          peygir_bulk_set_registration   (PeygirBulk                *self,
                                                  int                        year,
                                                  gint64                     sequence,
                                                  GError                   **error);
/* The cases that follow are the office's past, brought in by the
 * administrator @login (else NOT_PERMITTED): each step is theirs, checked
 * against the workflow's states and arguments but not its roles; no
 * expert comes to hold the cases; a letter dispatched then is recorded as
 * sent without an outgoing number, which Peygir never gave it. */
gboolean          peygir_bulk_set_past           (PeygirBulk                *self,
                                                  const char                *login,
                                                  GError                   **error);
/* Writes the case taken in and acted on. On an error the bulk is spoilt:
 * free it (nothing since the last commit is kept). */
gboolean          peygir_bulk_write_case         (PeygirBulk                *self,
                                                  GError                   **error);
/* Commits the cases written so far, with their search rows, the report's
 * figures, the time they spent in each state and the counters; the next
 * case begins a new transaction. */
gboolean          peygir_bulk_commit             (PeygirBulk                *self,
                                                  GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirBulk, peygir_bulk_free)

G_END_DECLS
