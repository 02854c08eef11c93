/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-workflow"

#include <glib/gi18n-lib.h>

#include "peygir-error.h"
#include "peygir-types-private.h"
#include "peygir-workflow.h"

#define S(state) PEYGIR_STATE_BIT (PEYGIR_STATE_##state)

static const PeygirStateInfo states[PEYGIR_N_STATES] = {
  { PEYGIR_STATE_RECEIVED,     "received",     N_("Request submitted"), 1 },
  { PEYGIR_STATE_IN_REVIEW,    "in_review",    N_("Initial review by an expert"), 2 },
  { PEYGIR_STATE_REGISTERED,   "registered",   N_("Registered in the governorate’s secretariat"), 3 },
  { PEYGIR_STATE_WITH_MANAGER, "with_manager", N_("In the office manager’s cartable"), 4 },
  { PEYGIR_STATE_REFERRED,     "referred",     N_("Referred to the executive agency"), 5 },
  { PEYGIR_STATE_ANSWERED,     "answered",     N_("Answer received"), 6 },
  { PEYGIR_STATE_REJECTED,     "rejected",     N_("Rejected"), 0 },
  { PEYGIR_STATE_CLOSED,       "closed",       N_("Announced to the applicant"), 7 },
};

static const PeygirActionInfo actions[PEYGIR_N_ACTIONS] = {
  { PEYGIR_ACTION_REVIEW,   "review",   N_("Start review"), 0 },
  { PEYGIR_ACTION_REGISTER, "register", N_("Register"), 0 },
  { PEYGIR_ACTION_REJECT,   "reject",   N_("Reject"), PEYGIR_ACTION_NEEDS_NOTE | PEYGIR_ACTION_DESTRUCTIVE },
  { PEYGIR_ACTION_REFER,    "refer",    N_("Refer to agencies"),
    PEYGIR_ACTION_NEEDS_NOTE | PEYGIR_ACTION_NEEDS_AGENCIES },
  { PEYGIR_ACTION_APPROVE,  "approve",  N_("Approve referral"), 0 },
  { PEYGIR_ACTION_RETURN,   "return",   N_("Return to the expert"),
    PEYGIR_ACTION_NEEDS_NOTE | PEYGIR_ACTION_DESTRUCTIVE },
  { PEYGIR_ACTION_DISPATCH, "dispatch", N_("Dispatch letter"), 0 },
  { PEYGIR_ACTION_FOLLOW_UP, "follow_up", N_("Follow up with the agency"),
    PEYGIR_ACTION_NEEDS_REFERRAL | PEYGIR_ACTION_NEEDS_CHANNEL },
  { PEYGIR_ACTION_ANSWER,   "answer",   N_("Record the agency’s answer"),
    PEYGIR_ACTION_NEEDS_NOTE | PEYGIR_ACTION_NEEDS_REFERRAL },
  { PEYGIR_ACTION_NOTIFY,   "notify",   N_("Notify the applicant"), PEYGIR_ACTION_NEEDS_CHANNEL },
  { PEYGIR_ACTION_REOPEN,   "reopen",   N_("Reopen"), PEYGIR_ACTION_NEEDS_NOTE },
  { PEYGIR_ACTION_AWAIT_DOCUMENTS, "await_documents", N_("Wait for the applicant’s documents"), 0 },
  { PEYGIR_ACTION_DOCUMENTS_RECEIVED, "documents_received", N_("Documents received"), 0 },
  { PEYGIR_ACTION_LINK,     "link",     N_("Link to an earlier case"),
    PEYGIR_ACTION_NEEDS_LINKED_CASE },
  { PEYGIR_ACTION_CONTACT,  "contact",  N_("Record a contact"),
    PEYGIR_ACTION_NEEDS_CHANNEL | PEYGIR_ACTION_NEEDS_NOTE },
  { PEYGIR_ACTION_APPROVE_REMINDER, "approve_reminder", N_("Approve the reminder letter"),
    PEYGIR_ACTION_NEEDS_REFERRAL },
  { PEYGIR_ACTION_ASSIGN,   "assign",   N_("Assign to an expert"), PEYGIR_ACTION_NEEDS_ASSIGNEE },
};

/* The design's table, row by row; the card's flowchart with its two side
 * paths (reject → announce; answer not sent on time → follow-up → wait). */
static const PeygirTransition transitions[] = {
  { PEYGIR_ACTION_REVIEW,    S (RECEIVED),     PEYGIR_ROLE_EXPERT,      PEYGIR_STATE_IN_REVIEW },
  { PEYGIR_ACTION_REGISTER,  S (IN_REVIEW),    PEYGIR_ROLE_SECRETARIAT, PEYGIR_STATE_REGISTERED },
  { PEYGIR_ACTION_REJECT,    S (IN_REVIEW),    PEYGIR_ROLE_EXPERT,      PEYGIR_STATE_REJECTED },
  { PEYGIR_ACTION_REFER,     S (REGISTERED),   PEYGIR_ROLE_EXPERT,      PEYGIR_STATE_WITH_MANAGER },
  { PEYGIR_ACTION_APPROVE,   S (WITH_MANAGER), PEYGIR_ROLE_MANAGER,     PEYGIR_STATE_REFERRED },
  { PEYGIR_ACTION_RETURN,    S (WITH_MANAGER), PEYGIR_ROLE_MANAGER,     PEYGIR_STATE_REGISTERED },
  { PEYGIR_ACTION_REJECT,    S (WITH_MANAGER), PEYGIR_ROLE_MANAGER,     PEYGIR_STATE_REJECTED },
  { PEYGIR_ACTION_DISPATCH,  S (REFERRED),     PEYGIR_ROLE_SECRETARIAT, PEYGIR_STATE_UNCHANGED },
  { PEYGIR_ACTION_FOLLOW_UP, S (REFERRED),     PEYGIR_ROLE_EXPERT,      PEYGIR_STATE_UNCHANGED },
  { PEYGIR_ACTION_APPROVE_REMINDER, S (REFERRED), PEYGIR_ROLE_MANAGER,  PEYGIR_STATE_UNCHANGED },
  { PEYGIR_ACTION_ANSWER,    S (REFERRED),     PEYGIR_ROLE_SECRETARIAT, PEYGIR_STATE_ANSWERED },
  { PEYGIR_ACTION_NOTIFY,    S (ANSWERED) | S (REJECTED), PEYGIR_ROLE_EXPERT, PEYGIR_STATE_CLOSED },
  { PEYGIR_ACTION_REOPEN,    S (CLOSED),       PEYGIR_ROLE_MANAGER,     PEYGIR_STATE_IN_REVIEW },
  /* The card's production stage: waiting for supplementary documents. */
  { PEYGIR_ACTION_AWAIT_DOCUMENTS,
    S (IN_REVIEW) | S (REGISTERED) | S (WITH_MANAGER) | S (REFERRED),
    PEYGIR_ROLE_EXPERT, PEYGIR_STATE_UNCHANGED },
  { PEYGIR_ACTION_DOCUMENTS_RECEIVED,
    S (IN_REVIEW) | S (REGISTERED) | S (WITH_MANAGER) | S (REFERRED),
    PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_SECRETARIAT, PEYGIR_STATE_UNCHANGED },
  { PEYGIR_ACTION_LINK,      PEYGIR_STATES_OPEN,
    PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_SECRETARIAT, PEYGIR_STATE_UNCHANGED },
  { PEYGIR_ACTION_CONTACT,   PEYGIR_STATES_ALL,
    PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_MANAGER | PEYGIR_ROLE_SECRETARIAT, PEYGIR_STATE_UNCHANGED },
  /* Who holds an open case: the manager assigns any, an expert takes an
   * unassigned one for themselves (the store checks whose it is). */
  { PEYGIR_ACTION_ASSIGN,    PEYGIR_STATES_OPEN,
    PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_MANAGER, PEYGIR_STATE_UNCHANGED },
};

/* The cartable's queues, in the sidebar's order: who works which states.
 * An expert's own queues are "My Cartable" (mine: the cases they hold);
 * the manager's are the office's, over everyone's cases. */
#define MINE .mine = TRUE
static const PeygirQueueInfo queues[] = {
  { "new",         N_("New"),                           PEYGIR_ROLE_EXPERT,      S (RECEIVED), MINE },
  { "in-review",   N_("In Review"),                     PEYGIR_ROLE_EXPERT,      S (IN_REVIEW), MINE },
  { "to-refer",    N_("To Refer to the Manager"),       PEYGIR_ROLE_EXPERT,      S (REGISTERED), MINE },
  { "overdue",     N_("Overdue Answers"),               PEYGIR_ROLE_EXPERT,      S (REFERRED),
    .overdue_only = TRUE, MINE },
  { "to-notify",   N_("To Tell the Applicant"),         PEYGIR_ROLE_EXPERT,      S (ANSWERED) | S (REJECTED), MINE },
  { "unassigned",  N_("Unassigned Cases"),              PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_MANAGER,
    PEYGIR_STATES_OPEN, .unassigned_only = TRUE },
  { "to-approve",  N_("Referrals Awaiting Approval"),   PEYGIR_ROLE_MANAGER,     S (WITH_MANAGER) },
  { "reminders-to-approve", N_("Reminders Awaiting Approval"), PEYGIR_ROLE_MANAGER, S (REFERRED),
    .reminders_to_approve = TRUE },
  { "overdue-office", N_("The Office’s Overdue Answers"), PEYGIR_ROLE_MANAGER,   S (REFERRED),
    .overdue_only = TRUE },
  { "to-register", N_("To Register"),                   PEYGIR_ROLE_SECRETARIAT, S (IN_REVIEW) },
  { "to-dispatch", N_("Letters to Print and Dispatch"), PEYGIR_ROLE_SECRETARIAT, S (REFERRED), .undispatched_only = TRUE },
  { "answers",     N_("Answers to Record"),             PEYGIR_ROLE_SECRETARIAT, S (REFERRED) },
  { "open",        N_("All Open Cases"),                PEYGIR_ROLE_MANAGER,     PEYGIR_STATES_OPEN, .overview = TRUE },
  { "all",         N_("All Cases"),                     PEYGIR_ROLE_NONE,        0, .overview = TRUE },
};
#undef MINE

/* The states in which a case may have each letter: the referral from its
 * drafting, the reminder once referred, the answer once there is a result. */
static const guint letter_kind_states[PEYGIR_N_LETTER_KINDS] = {
  [PEYGIR_LETTER_REFERRAL] = S (WITH_MANAGER) | S (REFERRED) | S (ANSWERED) | S (CLOSED),
  [PEYGIR_LETTER_REMINDER] = S (REFERRED) | S (ANSWERED) | S (CLOSED),
  [PEYGIR_LETTER_RECEIPT]  = PEYGIR_STATES_ALL,
  [PEYGIR_LETTER_ANSWER]   = S (ANSWERED) | S (REJECTED) | S (CLOSED),
};

const PeygirActionInfo *
peygir_workflow_action_info (PeygirAction action)
{
  g_return_val_if_fail (action < PEYGIR_N_ACTIONS, NULL);
  return &actions[action];
}

const PeygirStateInfo *
peygir_workflow_state_info (PeygirState state)
{
  g_return_val_if_fail (state < PEYGIR_N_STATES, NULL);
  return &states[state];
}

const PeygirTransition *
peygir_workflow_transitions (guint *n_transitions)
{
  *n_transitions = G_N_ELEMENTS (transitions);
  return transitions;
}

PEYGIR_ENUM_STRINGS (state, PeygirState, states, PEYGIR_N_STATES)
PEYGIR_ENUM_STRINGS (action, PeygirAction, actions, PEYGIR_N_ACTIONS)

static const PeygirTransition *
find_transition (PeygirAction action,
                 PeygirState  state,
                 PeygirRoles  roles)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      const PeygirTransition *t = &transitions[i];

      if (t->action == action
          && (t->from_states & PEYGIR_STATE_BIT (state))
          && (roles == PEYGIR_ROLES_ALL || (t->roles & roles)))
        return t;
    }
  return NULL;
}

gboolean
peygir_workflow_check (PeygirAction  action,
                       PeygirState   state,
                       PeygirRoles   roles,
                       GError      **error)
{
  gboolean role_ever = FALSE;

  g_return_val_if_fail (action < PEYGIR_N_ACTIONS, FALSE);
  g_return_val_if_fail (state < PEYGIR_N_STATES, FALSE);

  if (find_transition (action, state, roles) != NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].action == action && (transitions[i].roles & roles))
      role_ever = TRUE;

  if (!role_ever)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Your roles do not allow “%s”."), peygir_action_label (action));
      return FALSE;
    }

  /* The role could act, but not here: either the state is wrong, or in this
   * state the action belongs to another role (reject at approval). */
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].action == action
        && (transitions[i].from_states & PEYGIR_STATE_BIT (state)))
      {
        g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                     _("Your roles do not allow “%s” on a case in the state “%s”."),
                     peygir_action_label (action), peygir_state_label (state));
        return FALSE;
      }

  g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
               _("“%s” is not possible while the case is in the state “%s”."),
               peygir_action_label (action), peygir_state_label (state));
  return FALSE;
}

guint
peygir_workflow_allowed_actions (PeygirState state,
                                 PeygirRoles roles)
{
  guint mask = 0;

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if ((transitions[i].from_states & PEYGIR_STATE_BIT (state)) && (transitions[i].roles & roles))
      mask |= 1u << transitions[i].action;
  return mask;
}

PeygirState
peygir_workflow_next_state (PeygirAction action,
                            PeygirState  state)
{
  const PeygirTransition *t = find_transition (action, state, PEYGIR_ROLES_ALL);

  if (t == NULL || t->to_state == PEYGIR_STATE_UNCHANGED)
    return state;
  return t->to_state;
}

gboolean
peygir_workflow_action_keeps_state (PeygirAction action)
{
  gboolean any = FALSE;

  g_return_val_if_fail (action < PEYGIR_N_ACTIONS, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].action == action)
      {
        if (transitions[i].to_state != PEYGIR_STATE_UNCHANGED)
          return FALSE;
        any = TRUE;
      }
  return any;
}

gboolean
peygir_workflow_action_is_destructive (PeygirAction action)
{
  g_return_val_if_fail (action < PEYGIR_N_ACTIONS, FALSE);
  return (actions[action].flags & PEYGIR_ACTION_DESTRUCTIVE) != 0;
}

const PeygirQueueInfo *
peygir_workflow_queues (guint *n_queues)
{
  *n_queues = G_N_ELEMENTS (queues);
  return queues;
}

const PeygirQueueInfo *
peygir_workflow_queue (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (queues); i++)
    if (g_strcmp0 (queues[i].id, id) == 0)
      return &queues[i];
  return NULL;
}

gboolean
peygir_workflow_queue_has_state (const PeygirQueueInfo *queue,
                                 PeygirState            state)
{
  g_return_val_if_fail (queue != NULL, FALSE);
  return queue->states == 0 || (queue->states & PEYGIR_STATE_BIT (state)) != 0;
}

const char *
peygir_queue_title (const PeygirQueueInfo *queue)
{
  g_return_val_if_fail (queue != NULL, NULL);
  return g_dgettext (GETTEXT_PACKAGE, queue->title);
}

guint
peygir_workflow_letter_kind_states (PeygirLetterKind kind)
{
  g_return_val_if_fail (kind < PEYGIR_N_LETTER_KINDS, 0);
  return letter_kind_states[kind];
}

gboolean
peygir_workflow_has_result (PeygirState state)
{
  return (PEYGIR_STATE_BIT (state) & letter_kind_states[PEYGIR_LETTER_ANSWER]) != 0;
}

void
peygir_workflow_state_steps (PeygirState  state,
                             PeygirSteps *needs,
                             PeygirSteps *allows,
                             gboolean    *needs_agency)
{
#define R PEYGIR_STEP_RECEIVED
#define G PEYGIR_STEP_REGISTERED
#define F PEYGIR_STEP_REFERRED
#define A PEYGIR_STEP_ANSWERED
#define C PEYGIR_STEP_CLOSED
  static const struct
  {
    PeygirSteps needs;
    PeygirSteps allows;
    gboolean    needs_agency;
  } steps[PEYGIR_N_STATES] = {
    [PEYGIR_STATE_RECEIVED]     = { 0, R, FALSE },
    [PEYGIR_STATE_IN_REVIEW]    = { 0, R, FALSE },
    [PEYGIR_STATE_REGISTERED]   = { G, R | G, FALSE },
    [PEYGIR_STATE_WITH_MANAGER] = { G, R | G, TRUE },
    [PEYGIR_STATE_REFERRED]     = { G | F, R | G | F, TRUE },
    [PEYGIR_STATE_ANSWERED]     = { G | F | A, R | G | F | A, TRUE },
    [PEYGIR_STATE_REJECTED]     = { 0, R | G, FALSE },
    [PEYGIR_STATE_CLOSED]       = { C, PEYGIR_STEPS_ALL, FALSE },
  };
#undef R
#undef G
#undef F
#undef A
#undef C

  g_return_if_fail (state < PEYGIR_N_STATES);

  if (needs != NULL)
    *needs = steps[state].needs;
  if (allows != NULL)
    *allows = steps[state].allows;
  if (needs_agency != NULL)
    *needs_agency = steps[state].needs_agency;
}

gboolean
peygir_workflow_service_clock_runs (PeygirState state)
{
  const guint running = PEYGIR_STATE_BIT (PEYGIR_STATE_IN_REVIEW) | PEYGIR_STATE_BIT (PEYGIR_STATE_REGISTERED)
                        | PEYGIR_STATE_BIT (PEYGIR_STATE_WITH_MANAGER) | PEYGIR_STATE_BIT (PEYGIR_STATE_REFERRED);

  return state < PEYGIR_N_STATES && (PEYGIR_STATE_BIT (state) & running) != 0;
}

gboolean
peygir_workflow_letter_waiting (const PeygirReferral *referral,
                                int                   case_round,
                                PeygirLetterKind     *kind)
{
  g_return_val_if_fail (referral != NULL, FALSE);

  if (referral->round != case_round)
    return FALSE;
  if (referral->state == PEYGIR_REFERRAL_APPROVED)
    *kind = PEYGIR_LETTER_REFERRAL;
  else if (referral->state == PEYGIR_REFERRAL_DISPATCHED && referral->reminder == PEYGIR_REMINDER_APPROVED)
    *kind = PEYGIR_LETTER_REMINDER;
  else
    return FALSE;
  return TRUE;
}
