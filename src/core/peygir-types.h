/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Stored as these stable English identifiers (see the *_to_string/_from_string
 * functions); the Persian labels live in the workflow table. */
typedef enum
{
  PEYGIR_STATE_RECEIVED,
  PEYGIR_STATE_IN_REVIEW,
  PEYGIR_STATE_REGISTERED,
  PEYGIR_STATE_WITH_MANAGER,
  PEYGIR_STATE_REFERRED,
  PEYGIR_STATE_ANSWERED,
  PEYGIR_STATE_REJECTED,
  PEYGIR_STATE_CLOSED,
  PEYGIR_N_STATES
} PeygirState;

#define PEYGIR_STATE_BIT(s) (1u << (s))
#define PEYGIR_STATES_ALL   ((1u << PEYGIR_N_STATES) - 1)
#define PEYGIR_STATES_OPEN  (PEYGIR_STATES_ALL & ~PEYGIR_STATE_BIT (PEYGIR_STATE_CLOSED))

typedef enum
{
  PEYGIR_ACTION_REVIEW,
  PEYGIR_ACTION_REGISTER,
  PEYGIR_ACTION_REJECT,
  PEYGIR_ACTION_REFER,
  PEYGIR_ACTION_APPROVE,
  PEYGIR_ACTION_RETURN,
  PEYGIR_ACTION_DISPATCH,
  PEYGIR_ACTION_FOLLOW_UP,
  PEYGIR_ACTION_ANSWER,
  PEYGIR_ACTION_NOTIFY,
  PEYGIR_ACTION_REOPEN,
  PEYGIR_ACTION_AWAIT_DOCUMENTS,     /* the card's production stage: service clock paused */
  PEYGIR_ACTION_DOCUMENTS_RECEIVED,  /* clock runs again, the service deadline moves on */
  PEYGIR_ACTION_LINK,                /* a repeat complaint: link to the earlier case */
  PEYGIR_ACTION_CONTACT,             /* a visit or call with the applicant, recorded */
  PEYGIR_ACTION_APPROVE_REMINDER,    /* the manager signs a reminder letter to a late agency */
  PEYGIR_ACTION_ASSIGN,              /* the case's expert: a manager assigns or reassigns any open
                                      * case to an active expert; an expert takes an unassigned one */
  PEYGIR_N_ACTIONS
} PeygirAction;

typedef enum
{
  PEYGIR_ROLE_NONE        = 0,
  PEYGIR_ROLE_EXPERT      = 1 << 0,
  PEYGIR_ROLE_MANAGER     = 1 << 1,
  PEYGIR_ROLE_SECRETARIAT = 1 << 2,
  PEYGIR_ROLE_ADMIN       = 1 << 3,
} PeygirRoles;

#define PEYGIR_ROLES_ALL (PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_MANAGER | PEYGIR_ROLE_SECRETARIAT | PEYGIR_ROLE_ADMIN)

typedef enum
{
  PEYGIR_KIND_REQUEST,
  PEYGIR_KIND_COMPLAINT,
  PEYGIR_N_KINDS
} PeygirCaseKind;

typedef enum
{
  PEYGIR_APPLICANT_CITIZEN,     /* G2C */
  PEYGIR_APPLICANT_BUSINESS,    /* G2B */
  PEYGIR_APPLICANT_GOVERNMENT,  /* G2G */
  PEYGIR_N_APPLICANT_TYPES
} PeygirApplicantType;

typedef enum
{
  PEYGIR_CHANNEL_NONE,
  PEYGIR_CHANNEL_IN_PERSON,
  PEYGIR_CHANNEL_PHONE,
  PEYGIR_CHANNEL_MAIL,
  PEYGIR_CHANNEL_SMS,
  PEYGIR_CHANNEL_EMAIL,
  PEYGIR_CHANNEL_SAMAD,          /* the national 111 system */
  PEYGIR_N_CHANNELS
} PeygirChannel;

/* The card's life events. */
typedef enum
{
  PEYGIR_CATEGORY_EDUCATION,
  PEYGIR_CATEGORY_BIRTH,
  PEYGIR_CATEGORY_HEALTH,
  PEYGIR_CATEGORY_SOCIAL_SECURITY,
  PEYGIR_CATEGORY_BUSINESS,
  PEYGIR_CATEGORY_TAX,
  PEYGIR_CATEGORY_PROPERTY,
  PEYGIR_CATEGORY_DOCUMENTS,
  PEYGIR_CATEGORY_RETIREMENT,
  PEYGIR_CATEGORY_MARRIAGE,
  PEYGIR_CATEGORY_INSURANCE,
  PEYGIR_CATEGORY_UTILITIES,
  PEYGIR_CATEGORY_DEATH,
  PEYGIR_CATEGORY_OTHER,
  PEYGIR_N_CATEGORIES
} PeygirCategory;

/* The letters Peygir writes. */
typedef enum
{
  PEYGIR_LETTER_REFERRAL,   /* to the agency: ارجاع */
  PEYGIR_LETTER_REMINDER,   /* to the agency when it is late: پیگیری */
  PEYGIR_LETTER_RECEIPT,    /* to the applicant: tracking code */
  PEYGIR_LETTER_ANSWER,     /* to the applicant: the result */
  PEYGIR_N_LETTER_KINDS
} PeygirLetterKind;

typedef enum
{
  PEYGIR_REFERRAL_DRAFT,       /* drafted by the expert, waiting for the manager */
  PEYGIR_REFERRAL_APPROVED,    /* signed: the secretariat may issue and dispatch it */
  PEYGIR_REFERRAL_DISPATCHED,  /* sent: the agency's deadline runs */
  PEYGIR_REFERRAL_ANSWERED,
  PEYGIR_REFERRAL_WITHDRAWN,   /* returned or rejected before it was sent */
  PEYGIR_N_REFERRAL_STATES
} PeygirReferralState;

/* The reminder letter of a follow-up by letter. */
typedef enum
{
  PEYGIR_REMINDER_NONE,        /* no reminder letter (followed up by phone, or never) */
  PEYGIR_REMINDER_DRAFT,       /* written, waiting for the manager who signs it */
  PEYGIR_REMINDER_APPROVED,    /* signed: the secretariat may print, number and send it */
  PEYGIR_REMINDER_SENT,
  PEYGIR_REMINDER_WITHDRAWN,   /* the agency answered before it was sent */
  PEYGIR_N_REMINDER_STATES
} PeygirReminderState;

/* Stable identifiers, used in the database, the CLI and JSON. from_string
 * returns FALSE for an unknown identifier. */
const char *peygir_state_to_string          (PeygirState state);
gboolean    peygir_state_from_string        (const char *id, PeygirState *out);
const char *peygir_action_to_string         (PeygirAction action);
gboolean    peygir_action_from_string       (const char *id, PeygirAction *out);
const char *peygir_kind_to_string           (PeygirCaseKind kind);
gboolean    peygir_kind_from_string         (const char *id, PeygirCaseKind *out);
const char *peygir_applicant_type_to_string (PeygirApplicantType type);
gboolean    peygir_applicant_type_from_string (const char *id, PeygirApplicantType *out);
const char *peygir_channel_to_string        (PeygirChannel channel);
gboolean    peygir_channel_from_string      (const char *id, PeygirChannel *out);
const char *peygir_category_to_string       (PeygirCategory category);
gboolean    peygir_category_from_string     (const char *id, PeygirCategory *out);
const char *peygir_referral_state_to_string (PeygirReferralState state);
gboolean    peygir_referral_state_from_string (const char *id, PeygirReferralState *out);
const char *peygir_reminder_state_to_string (PeygirReminderState state);
gboolean    peygir_reminder_state_from_string (const char *id, PeygirReminderState *out);
/* "referral", "reminder", "receipt", "answer": the CLI, the settings and
 * the store's letter records. */
const char *peygir_letter_kind_to_string    (PeygirLetterKind kind);
gboolean    peygir_letter_kind_from_string  (const char *id, PeygirLetterKind *out);
/* "expert,manager" ⇄ flags; FALSE on an unknown role name. */
char       *peygir_roles_to_string          (PeygirRoles roles);
gboolean    peygir_roles_from_string        (const char *text, PeygirRoles *out);

/* Translated Persian labels for display. */
const char *peygir_kind_label               (PeygirCaseKind kind);
const char *peygir_applicant_type_label     (PeygirApplicantType type);
const char *peygir_channel_label            (PeygirChannel channel);
const char *peygir_category_label           (PeygirCategory category);
const char *peygir_referral_state_label     (PeygirReferralState state);
const char *peygir_reminder_state_label     (PeygirReminderState state);
const char *peygir_role_label               (PeygirRoles role);
const char *peygir_letter_kind_label        (PeygirLetterKind kind);

/* Dates without a time (deadlines, the day a case was received) are stored
 * as integers YYYYMMDD of the Gregorian calendar in the office's time zone:
 * readable in the sqlite3 shell, sortable, and cheap to index.
 * Moments are unix seconds, UTC. */
typedef gint32 PeygirDay;

typedef struct
{
  gint64               id;
  char                *login;
  char                *name;
  PeygirRoles          roles;
  gboolean             active;
  char                *title;          /* printed under the name on letters they sign; NULL: none set */
} PeygirUser;

typedef struct
{
  gint64               id;
  char                *name;
  char                *head_title;     /* "مدیر کل محترم …", the letter's recipient line */
  int                  response_days;  /* working days an answer is due after dispatch */
  gboolean             active;
} PeygirAgency;

typedef struct
{
  PeygirApplicantType  type;
  char                *name;
  char                *national_id;    /* 10 digits (person) or 11 (company), ASCII */
  char                *mobile;         /* 09xxxxxxxxx, ASCII */
  char                *phone;
  char                *address;
  char                *postal_code;    /* 10 digits, ASCII */
  char                *email;
} PeygirApplicant;

/* What intake produces, before the case exists. */
typedef struct
{
  PeygirCaseKind       kind;
  PeygirApplicant      applicant;
  char                *subject;
  char                *description;
  PeygirCategory       category;
  gint64               agency_id;      /* the agency complained of; 0 = none */
  PeygirChannel        channel;
  char                *samad_code;     /* tracking code in the national 111 system */
  PeygirDay            received_on;    /* 0 = today */
  gint64               linked_case_id; /* earlier case of the same applicant; 0 = none */
} PeygirCaseDraft;

typedef struct
{
  gint64               id;
  gint64               case_id;
  gint64               agency_id;
  char                *agency_name;
  char                *agency_head_title;
  int                  round;          /* the case's round: a reopened case starts a new one */
  PeygirReferralState  state;
  char                *letter_text;    /* the drafted body of the referral letter */
  gint64               drafted_by;
  gint64               drafted_at;
  gint64               approved_by;
  char                *approved_by_name;
  gint64               approved_at;
  char                *letter_number;  /* from the outgoing-letter registry, at dispatch */
  gint64               dispatched_at;
  PeygirDay            due;            /* answer due; moves on with each follow-up */
  int                  follow_ups;
  /* The latest reminder letter (of a follow-up by letter), if any. */
  PeygirReminderState  reminder;
  gint64               reminder_follow_up_id;
  char                *last_reminder_number; /* NULL until it is sent */
  gint64               last_reminder_at;     /* when it was sent */
  char                *last_reminder_note;   /* the note of its follow-up: the reminder's text */
  gint64               reminder_signer_id;   /* 0 until it is approved */
  char                *answer;
  gint64               answered_at;
  char                *answer_number;        /* the agency's own letter number, if given */
  PeygirDay            answer_date;          /* the agency's letter's date; 0 if not given */
  gint64               answer_document_id;   /* the scan of their letter among the case's documents; 0: none */
  gboolean             overdue;        /* derived when read: dispatched, unanswered, past due */
} PeygirReferral;

typedef struct
{
  gint64               id;
  char                *tracking_code;
  char                *registration_number; /* "1405/123"; NULL until registered */
  PeygirCaseKind       kind;
  PeygirApplicant      applicant;
  char                *subject;
  char                *description;
  PeygirCategory       category;
  gint64               agency_id;
  char                *agency_name;
  PeygirChannel        channel;
  char                *samad_code;
  gint64               linked_case_id;
  PeygirState          state;
  gint64               expert_id;
  char                *expert_name;
  PeygirDay            received_on;
  gint64               created_at;
  gint64               registered_at;
  gint64               updated_at;
  gint64               closed_at;
  PeygirDay            service_due;    /* registration + service target, moved on by pauses */
  gint64               paused_at;      /* waiting for the applicant's documents; 0 = not */
  int                  round;
  int                  version;        /* optimistic concurrency: +1 on every change */
  gboolean             overdue;        /* derived: a referral of this round is overdue */
  gboolean             service_overdue;/* derived: open, not paused, past the service target */
  GPtrArray           *referrals;      /* of PeygirReferral; NULL unless asked for */
} PeygirCase;

typedef struct
{
  gint64               id;
  gint64               case_id;        /* 0 for administrative events */
  gint64               at;
  gint64               actor_id;
  char                *actor_name;
  gint64               operator_id;    /* 0, or the administrator who acted for the actor */
  char                *operator_name;
  char                *action;         /* an action identifier, or "create", "edit", "attach", "user_add", … */
  char                *from_state;     /* NULL when there is no state change */
  char                *to_state;
  char                *note;
  char                *hash;           /* hex SHA-256 chained over the previous event */
} PeygirEvent;

typedef struct
{
  gint64               id;
  gint64               case_id;
  gint64               at;
  gint64               user_id;
  char                *user_name;
  PeygirChannel        channel;
  char                *note;
} PeygirContact;

typedef struct
{
  gint64               id;
  gint64               case_id;
  char                *name;
  char                *content_type;
  gint64               size;
  char                *sha256;
  gint64               added_at;
  gint64               added_by;
} PeygirDocument;

typedef struct
{
  gint64               id;
  int                  persian_month;  /* a fixed solar holiday, every year … */
  int                  persian_day;
  PeygirDay            day;            /* … or one date (the lunar holidays, set per year) */
  char                *name;
} PeygirHoliday;

#define PEYGIR_TYPE_USER      (peygir_user_get_type ())
#define PEYGIR_TYPE_AGENCY    (peygir_agency_get_type ())
#define PEYGIR_TYPE_REFERRAL  (peygir_referral_get_type ())
#define PEYGIR_TYPE_CASE      (peygir_case_get_type ())
#define PEYGIR_TYPE_EVENT     (peygir_event_get_type ())
#define PEYGIR_TYPE_CONTACT   (peygir_contact_get_type ())
#define PEYGIR_TYPE_DOCUMENT  (peygir_document_get_type ())
#define PEYGIR_TYPE_HOLIDAY   (peygir_holiday_get_type ())

GType           peygir_user_get_type      (void) G_GNUC_CONST;
GType           peygir_agency_get_type    (void) G_GNUC_CONST;
GType           peygir_referral_get_type  (void) G_GNUC_CONST;
GType           peygir_case_get_type      (void) G_GNUC_CONST;
GType           peygir_event_get_type     (void) G_GNUC_CONST;
GType           peygir_contact_get_type   (void) G_GNUC_CONST;
GType           peygir_document_get_type  (void) G_GNUC_CONST;
GType           peygir_holiday_get_type   (void) G_GNUC_CONST;

PeygirUser     *peygir_user_copy          (const PeygirUser *user);
void            peygir_user_free          (PeygirUser *user);
PeygirAgency   *peygir_agency_copy        (const PeygirAgency *agency);
void            peygir_agency_free        (PeygirAgency *agency);
void            peygir_applicant_clear    (PeygirApplicant *applicant);
void            peygir_applicant_copy_into (PeygirApplicant *dest, const PeygirApplicant *src);
PeygirCaseDraft *peygir_case_draft_new    (void);
void            peygir_case_draft_free    (PeygirCaseDraft *draft);
PeygirReferral *peygir_referral_copy      (const PeygirReferral *referral);
void            peygir_referral_free      (PeygirReferral *referral);
PeygirCase     *peygir_case_copy          (const PeygirCase *kase);
void            peygir_case_free          (PeygirCase *kase);
PeygirEvent    *peygir_event_copy         (const PeygirEvent *event);
void            peygir_event_free         (PeygirEvent *event);
PeygirContact  *peygir_contact_copy       (const PeygirContact *contact);
void            peygir_contact_free       (PeygirContact *contact);
PeygirDocument *peygir_document_copy      (const PeygirDocument *document);
void            peygir_document_free      (PeygirDocument *document);
PeygirHoliday  *peygir_holiday_copy       (const PeygirHoliday *holiday);
void            peygir_holiday_free       (PeygirHoliday *holiday);

/* Checks a draft as intake must: required fields, IDs, mobile, lengths,
 * control characters. Normalises in place (digits to ASCII, mobile to
 * 09…, trims). Does not know whether the agency exists: the store does. */
gboolean        peygir_case_draft_validate (PeygirCaseDraft *draft,
                                            GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirUser, peygir_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirAgency, peygir_agency_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirCaseDraft, peygir_case_draft_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirReferral, peygir_referral_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirCase, peygir_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirEvent, peygir_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirContact, peygir_contact_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirDocument, peygir_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirHoliday, peygir_holiday_free)

/* A registration number as people write it ("1405/123", "۱۴۰۵-۱۲۳", any
 * digits) → its Persian year and sequence; FALSE if it is not one. */
gboolean     peygir_registration_number_parse (const char *text,
                                               int        *year,
                                               int        *seq);

G_END_DECLS
