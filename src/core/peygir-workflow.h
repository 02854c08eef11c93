/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "peygir-types.h"

G_BEGIN_DECLS

typedef enum
{
  PEYGIR_ACTION_NEEDS_NOTE        = 1 << 0,  /* a reason, comment, letter text or answer */
  PEYGIR_ACTION_NEEDS_AGENCIES    = 1 << 1,  /* refer: one or more agencies */
  PEYGIR_ACTION_NEEDS_REFERRAL    = 1 << 2,  /* follow_up, answer, approve_reminder: which referral */
  PEYGIR_ACTION_NEEDS_CHANNEL     = 1 << 3,  /* notify, contact: how the applicant was reached; follow_up: the agency */
  PEYGIR_ACTION_NEEDS_LINKED_CASE = 1 << 4,  /* link: the earlier case */
  PEYGIR_ACTION_DESTRUCTIVE       = 1 << 5,  /* ends or undoes the work so far (reject, return) */
  PEYGIR_ACTION_NEEDS_ASSIGNEE    = 1 << 6,  /* assign: the expert who will hold the case */
} PeygirActionFlags;

/* A transition's @to_state when the action keeps the case's state
 * (dispatch, follow-up, contact, …). */
#define PEYGIR_STATE_UNCHANGED ((PeygirState) PEYGIR_N_STATES)

/* What an action is, whatever the state. */
typedef struct
{
  PeygirAction      action;
  const char       *id;            /* "review" — the CLI, the database, the UI's action names */
  const char       *label;         /* English source of the Persian button label */
  PeygirActionFlags flags;
} PeygirActionInfo;

/* One row of the workflow: from these states, these roles may take the
 * action, and the case goes to @to_state (PEYGIR_STATE_UNCHANGED: it stays
 * where it is; answer reaches it only when every referral is answered).
 * An action may have several rows: reject is the expert's after review and
 * the manager's at approval. The whole process is read in this table,
 * nowhere else. */
typedef struct
{
  PeygirAction      action;
  guint             from_states;   /* PEYGIR_STATE_BIT () mask */
  PeygirRoles       roles;         /* any of these may act */
  PeygirState       to_state;
} PeygirTransition;

typedef struct
{
  PeygirState       state;
  const char       *id;            /* "in_review" */
  const char       *label;         /* the card's step, English source of the Persian label */
  int               card_step;     /* 1–7 on the card, 0 for the side path (reject) */
} PeygirStateInfo;

/* A queue of the cartable: a preset query for the roles that work it. */
typedef struct
{
  const char       *id;            /* "to-approve": the window's settings, tests */
  const char       *title;         /* English source of the Persian title */
  PeygirRoles       roles;         /* shown to these roles; PEYGIR_ROLE_NONE: everyone */
  guint             states;        /* PEYGIR_STATE_BIT () mask; 0: all */
  gboolean          overdue_only;  /* referrals past their deadline */
  gboolean          undispatched_only;
  gboolean          reminders_to_approve;
  gboolean          overview;      /* a view over everyone's work, not a desk's own queue:
                                    * no desktop notification of cases entering it */
  gboolean          mine;          /* "My Cartable": only the cases the session's user holds */
  gboolean          unassigned_only; /* only the cases no expert holds yet */
} PeygirQueueInfo;

const PeygirActionInfo *peygir_workflow_action_info (PeygirAction action);
const PeygirStateInfo  *peygir_workflow_state_info  (PeygirState state);
const PeygirTransition *peygir_workflow_transitions (guint *n_transitions);

/* The cartable's queues, in the order the sidebar shows them. */
const PeygirQueueInfo  *peygir_workflow_queues      (guint *n_queues);
/* The queue of @id, or NULL. */
const PeygirQueueInfo  *peygir_workflow_queue       (const char *id);
/* Whether @state is one of @queue's states (every state when it has none). */
gboolean                peygir_workflow_queue_has_state (const PeygirQueueInfo *queue,
                                                         PeygirState            state);
/* Translated title. */
const char             *peygir_queue_title          (const PeygirQueueInfo *queue);

/* Translated labels. */
const char *peygir_state_label                 (PeygirState state);
const char *peygir_action_label                (PeygirAction action);

/* Whether @roles may take @action in @state, as a typed error: NOT_PERMITTED
 * for a missing role (checked first), INVALID_STATE for the wrong state. */
gboolean    peygir_workflow_check              (PeygirAction action,
                                                PeygirState  state,
                                                PeygirRoles  roles,
                                                GError     **error);
/* Bit mask (1 << action) of the actions @roles may take in @state. */
guint       peygir_workflow_allowed_actions    (PeygirState  state,
                                                PeygirRoles  roles);
/* The state the action leads to from @state (equal to @state when it keeps it). */
PeygirState peygir_workflow_next_state         (PeygirAction action,
                                                PeygirState  state);

/* Whether every row of @action keeps the case's state. */
gboolean    peygir_workflow_action_keeps_state (PeygirAction action);
/* Whether @action ends or undoes the work so far (its button says so). */
gboolean    peygir_workflow_action_is_destructive (PeygirAction action);

/* The states in which a case may have a letter of @kind (PEYGIR_STATES_ALL
 * for the receipt, which every case has). */
guint       peygir_workflow_letter_kind_states (PeygirLetterKind kind);

/* Which roles may create cases (intake). */
#define PEYGIR_ROLES_INTAKE (PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_SECRETARIAT)

/* Whether a case in @state has a result to tell the applicant in writing:
 * answered or rejected, now or before it was closed (the states of the
 * answer letter). */
gboolean    peygir_workflow_has_result      (PeygirState state);

/* The dated steps of a case's way through the card, in their order. */
typedef enum
{
  PEYGIR_STEP_RECEIVED   = 1 << 0,
  PEYGIR_STEP_REGISTERED = 1 << 1,
  PEYGIR_STEP_REFERRED   = 1 << 2,
  PEYGIR_STEP_ANSWERED   = 1 << 3,
  PEYGIR_STEP_CLOSED     = 1 << 4,
} PeygirSteps;

#define PEYGIR_STEPS_ALL ((PeygirSteps) ((1 << 5) - 1))

/* The steps a case now in @state has been through (@needs) and may have
 * been through (@allows: a closed case may have been answered, or rejected
 * before it was registered), and whether it has an agency it was referred
 * to or is about to be (@needs_agency). Any may be NULL. */
void        peygir_workflow_state_steps (PeygirState  state,
                                         PeygirSteps *needs,
                                         PeygirSteps *allows,
                                         gboolean    *needs_agency);

/* Whether the service target's clock runs for a case in @state: from its
 * review until the agency has answered (the store's count of cases past the
 * target reads the same states). */
gboolean    peygir_workflow_service_clock_runs (PeygirState state);

/* Sets @kind to the letter that waits to be sent for @referral of a case
 * now in round @case_round, and returns TRUE: the referral letter once the
 * manager approved it, a reminder once one was approved for the dispatched
 * referral. FALSE when none waits. The store's list of the cases with
 * letters waiting (the print queue) reads the same rule in SQL. */
gboolean    peygir_workflow_letter_waiting (const PeygirReferral *referral,
                                            int                   case_round,
                                            PeygirLetterKind     *kind);

G_END_DECLS
