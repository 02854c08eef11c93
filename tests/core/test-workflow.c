/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "peygir-enums.h"
#include "peygir-error.h"
#include "peygir-workflow.h"

/* The design's table, written out again independently: every (action,
 * state, role) the design allows, and nothing else. */
typedef struct
{
  PeygirAction action;
  PeygirState  from;
  PeygirRoles  role;
  PeygirState  to;
} Allowed;

#define KEEP PEYGIR_N_STATES

static const Allowed design[] = {
  { PEYGIR_ACTION_REVIEW,    PEYGIR_STATE_RECEIVED,     PEYGIR_ROLE_EXPERT,      PEYGIR_STATE_IN_REVIEW },
  { PEYGIR_ACTION_REGISTER,  PEYGIR_STATE_IN_REVIEW,    PEYGIR_ROLE_SECRETARIAT, PEYGIR_STATE_REGISTERED },
  { PEYGIR_ACTION_REJECT,    PEYGIR_STATE_IN_REVIEW,    PEYGIR_ROLE_EXPERT,      PEYGIR_STATE_REJECTED },
  { PEYGIR_ACTION_REFER,     PEYGIR_STATE_REGISTERED,   PEYGIR_ROLE_EXPERT,      PEYGIR_STATE_WITH_MANAGER },
  { PEYGIR_ACTION_APPROVE,   PEYGIR_STATE_WITH_MANAGER, PEYGIR_ROLE_MANAGER,     PEYGIR_STATE_REFERRED },
  { PEYGIR_ACTION_RETURN,    PEYGIR_STATE_WITH_MANAGER, PEYGIR_ROLE_MANAGER,     PEYGIR_STATE_REGISTERED },
  { PEYGIR_ACTION_REJECT,    PEYGIR_STATE_WITH_MANAGER, PEYGIR_ROLE_MANAGER,     PEYGIR_STATE_REJECTED },
  { PEYGIR_ACTION_DISPATCH,  PEYGIR_STATE_REFERRED,     PEYGIR_ROLE_SECRETARIAT, KEEP },
  { PEYGIR_ACTION_FOLLOW_UP, PEYGIR_STATE_REFERRED,     PEYGIR_ROLE_EXPERT,      KEEP },
  { PEYGIR_ACTION_ANSWER,    PEYGIR_STATE_REFERRED,     PEYGIR_ROLE_SECRETARIAT, PEYGIR_STATE_ANSWERED },
  { PEYGIR_ACTION_NOTIFY,    PEYGIR_STATE_ANSWERED,     PEYGIR_ROLE_EXPERT,      PEYGIR_STATE_CLOSED },
  { PEYGIR_ACTION_NOTIFY,    PEYGIR_STATE_REJECTED,     PEYGIR_ROLE_EXPERT,      PEYGIR_STATE_CLOSED },
  { PEYGIR_ACTION_REOPEN,    PEYGIR_STATE_CLOSED,       PEYGIR_ROLE_MANAGER,     PEYGIR_STATE_IN_REVIEW },
};

static const PeygirRoles single_roles[] = {
  PEYGIR_ROLE_EXPERT, PEYGIR_ROLE_MANAGER, PEYGIR_ROLE_SECRETARIAT, PEYGIR_ROLE_ADMIN,
};

/* The actions of the design's table; the others (documents, link, contact)
 * are checked on their own below. */
static gboolean
in_design_table (PeygirAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (design); i++)
    if (design[i].action == action)
      return TRUE;
  return FALSE;
}

static const Allowed *
find_design (PeygirAction action,
             PeygirState  state,
             PeygirRoles  role)
{
  for (guint i = 0; i < G_N_ELEMENTS (design); i++)
    if (design[i].action == action && design[i].from == state && design[i].role == role)
      return &design[i];
  return NULL;
}

static gboolean
action_anywhere_for_role (PeygirAction action,
                          PeygirRoles  role)
{
  for (guint i = 0; i < G_N_ELEMENTS (design); i++)
    if (design[i].action == action && design[i].role == role)
      return TRUE;
  return FALSE;
}

static gboolean
action_in_state (PeygirAction action,
                 PeygirState  state)
{
  for (guint i = 0; i < G_N_ELEMENTS (design); i++)
    if (design[i].action == action && design[i].from == state)
      return TRUE;
  return FALSE;
}

static void
test_every_transition (void)
{
  guint allowed = 0, refused = 0;

  for (PeygirAction action = 0; action < PEYGIR_N_ACTIONS; action++)
    {
      if (!in_design_table (action))
        continue;

      for (PeygirState state = 0; state < PEYGIR_N_STATES; state++)
        for (guint r = 0; r < G_N_ELEMENTS (single_roles); r++)
          {
            g_autoptr(GError) error = NULL;
            PeygirRoles role = single_roles[r];
            const Allowed *row = find_design (action, state, role);
            gboolean ok = peygir_workflow_check (action, state, role, &error);

            if (row != NULL)
              {
                PeygirState expected = row->to == KEEP ? state : row->to;

                g_assert_no_error (error);
                g_assert_true (ok);
                g_assert_cmpint (peygir_workflow_next_state (action, state), ==, expected);
                g_assert_true (peygir_workflow_allowed_actions (state, role) & (1u << action));
                allowed++;
              }
            else
              {
                g_assert_false (ok);
                g_assert_false (peygir_workflow_allowed_actions (state, role) & (1u << action));
                /* the role is missing (here, or anywhere) before the state is wrong */
                if (!action_anywhere_for_role (action, role) || action_in_state (action, state))
                  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
                else
                  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
                refused++;
              }
          }
    }

  g_assert_cmpuint (allowed, ==, G_N_ELEMENTS (design));
  g_test_message ("%u allowed and %u refused (action, state, role) combinations checked", allowed, refused);
}

/* The card's flowchart: the main path reaches the end, and both side paths
 * exist (reject → announce; overdue → follow-up → back to waiting). */
static void
test_card_paths (void)
{
  static const struct { PeygirAction action; PeygirRoles role; } main_path[] = {
    { PEYGIR_ACTION_REVIEW, PEYGIR_ROLE_EXPERT },
    { PEYGIR_ACTION_REGISTER, PEYGIR_ROLE_SECRETARIAT },
    { PEYGIR_ACTION_REFER, PEYGIR_ROLE_EXPERT },
    { PEYGIR_ACTION_APPROVE, PEYGIR_ROLE_MANAGER },
    { PEYGIR_ACTION_DISPATCH, PEYGIR_ROLE_SECRETARIAT },
    { PEYGIR_ACTION_FOLLOW_UP, PEYGIR_ROLE_EXPERT },
    { PEYGIR_ACTION_ANSWER, PEYGIR_ROLE_SECRETARIAT },
    { PEYGIR_ACTION_NOTIFY, PEYGIR_ROLE_EXPERT },
  };
  PeygirState state = PEYGIR_STATE_RECEIVED;

  for (guint i = 0; i < G_N_ELEMENTS (main_path); i++)
    {
      g_assert_true (peygir_workflow_check (main_path[i].action, state, main_path[i].role, NULL));
      state = peygir_workflow_next_state (main_path[i].action, state);
    }
  g_assert_cmpint (state, ==, PEYGIR_STATE_CLOSED);

  /* the follow-up loop stays in "referred" */
  g_assert_cmpint (peygir_workflow_next_state (PEYGIR_ACTION_FOLLOW_UP, PEYGIR_STATE_REFERRED), ==, PEYGIR_STATE_REFERRED);
  /* reject → announce to the applicant */
  g_assert_cmpint (peygir_workflow_next_state (PEYGIR_ACTION_REJECT, PEYGIR_STATE_IN_REVIEW), ==, PEYGIR_STATE_REJECTED);
  g_assert_true (peygir_workflow_check (PEYGIR_ACTION_NOTIFY, PEYGIR_STATE_REJECTED, PEYGIR_ROLE_EXPERT, NULL));
  /* an objection reopens a closed case */
  g_assert_cmpint (peygir_workflow_next_state (PEYGIR_ACTION_REOPEN, PEYGIR_STATE_CLOSED), ==, PEYGIR_STATE_IN_REVIEW);
}

static void
test_side_actions (void)
{
  g_autoptr(GError) error = NULL;

  /* the service clock pauses only while the case is being worked on */
  g_assert_true (peygir_workflow_check (PEYGIR_ACTION_AWAIT_DOCUMENTS, PEYGIR_STATE_IN_REVIEW, PEYGIR_ROLE_EXPERT, NULL));
  g_assert_true (peygir_workflow_check (PEYGIR_ACTION_AWAIT_DOCUMENTS, PEYGIR_STATE_REFERRED, PEYGIR_ROLE_EXPERT, NULL));
  g_assert_false (peygir_workflow_check (PEYGIR_ACTION_AWAIT_DOCUMENTS, PEYGIR_STATE_CLOSED, PEYGIR_ROLE_EXPERT, &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (peygir_workflow_check (PEYGIR_ACTION_AWAIT_DOCUMENTS, PEYGIR_STATE_IN_REVIEW, PEYGIR_ROLE_MANAGER, &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  /* a closed case is not linked any more; contacts are recorded in any state */
  g_assert_false (peygir_workflow_check (PEYGIR_ACTION_LINK, PEYGIR_STATE_CLOSED, PEYGIR_ROLE_EXPERT, NULL));
  g_assert_true (peygir_workflow_check (PEYGIR_ACTION_LINK, PEYGIR_STATE_RECEIVED, PEYGIR_ROLE_SECRETARIAT, NULL));
  for (PeygirState state = 0; state < PEYGIR_N_STATES; state++)
    {
      g_assert_true (peygir_workflow_check (PEYGIR_ACTION_CONTACT, state, PEYGIR_ROLE_MANAGER, NULL));
      g_assert_cmpint (peygir_workflow_next_state (PEYGIR_ACTION_CONTACT, state), ==, state);
    }
  g_assert_false (peygir_workflow_check (PEYGIR_ACTION_CONTACT, PEYGIR_STATE_RECEIVED, PEYGIR_ROLE_ADMIN, NULL));
}

static void
test_flags (void)
{
  g_assert_true (peygir_workflow_action_info (PEYGIR_ACTION_REJECT)->flags & PEYGIR_ACTION_NEEDS_NOTE);
  g_assert_true (peygir_workflow_action_info (PEYGIR_ACTION_RETURN)->flags & PEYGIR_ACTION_NEEDS_NOTE);
  g_assert_true (peygir_workflow_action_info (PEYGIR_ACTION_REOPEN)->flags & PEYGIR_ACTION_NEEDS_NOTE);
  g_assert_true (peygir_workflow_action_info (PEYGIR_ACTION_REFER)->flags & PEYGIR_ACTION_NEEDS_AGENCIES);
  g_assert_true (peygir_workflow_action_info (PEYGIR_ACTION_NOTIFY)->flags & PEYGIR_ACTION_NEEDS_CHANNEL);
  g_assert_true (peygir_workflow_action_info (PEYGIR_ACTION_ANSWER)->flags & PEYGIR_ACTION_NEEDS_REFERRAL);
  g_assert_true (peygir_workflow_action_info (PEYGIR_ACTION_FOLLOW_UP)->flags & PEYGIR_ACTION_NEEDS_REFERRAL);
  g_assert_false (peygir_workflow_action_info (PEYGIR_ACTION_APPROVE)->flags & PEYGIR_ACTION_NEEDS_NOTE);
}

static void
test_identifiers (void)
{
  for (PeygirState state = 0; state < PEYGIR_N_STATES; state++)
    {
      PeygirState back;

      g_assert_true (peygir_state_from_string (peygir_state_to_string (state), &back));
      g_assert_cmpint (back, ==, state);
      g_assert_nonnull (peygir_state_label (state));
    }
  for (PeygirAction action = 0; action < PEYGIR_N_ACTIONS; action++)
    {
      PeygirAction back;

      g_assert_true (peygir_action_from_string (peygir_action_to_string (action), &back));
      g_assert_cmpint (back, ==, action);
      g_assert_cmpint (peygir_workflow_action_info (action)->action, ==, action);
    }
  {
    PeygirState state;
    PeygirAction action;
    PeygirRoles roles;
    g_autofree char *text = NULL;

    g_assert_false (peygir_state_from_string ("open", &state));
    g_assert_false (peygir_action_from_string ("delete", &action));
    g_assert_true (peygir_roles_from_string ("expert, manager", &roles));
    g_assert_cmpint (roles, ==, PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_MANAGER);
    text = peygir_roles_to_string (roles);
    g_assert_cmpstr (text, ==, "expert,manager");
    g_assert_false (peygir_roles_from_string ("expert,boss", &roles));
    g_assert_false (peygir_roles_from_string ("", &roles));
  }
}

#define BIT(state) PEYGIR_STATE_BIT (PEYGIR_STATE_##state)

/* The cartable's queues, written out again: id, roles, states and whose
 * cases, in the sidebar's order. An expert's own queues are "My Cartable"
 * (mine); the manager's look over the office. */
static void
test_queues (void)
{
  static const struct { const char *id; PeygirRoles roles; guint states; gboolean mine; } expected[] = {
    { "new",                  PEYGIR_ROLE_EXPERT,                       BIT (RECEIVED), TRUE },
    { "in-review",            PEYGIR_ROLE_EXPERT,                       BIT (IN_REVIEW), TRUE },
    { "to-refer",             PEYGIR_ROLE_EXPERT,                       BIT (REGISTERED), TRUE },
    { "overdue",              PEYGIR_ROLE_EXPERT,                       BIT (REFERRED), TRUE },
    { "to-notify",            PEYGIR_ROLE_EXPERT,                       BIT (ANSWERED) | BIT (REJECTED), TRUE },
    { "unassigned",           PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_MANAGER, PEYGIR_STATES_OPEN, FALSE },
    { "to-approve",           PEYGIR_ROLE_MANAGER,                      BIT (WITH_MANAGER), FALSE },
    { "reminders-to-approve", PEYGIR_ROLE_MANAGER,                      BIT (REFERRED), FALSE },
    { "overdue-office",       PEYGIR_ROLE_MANAGER,                      BIT (REFERRED), FALSE },
    { "to-register",          PEYGIR_ROLE_SECRETARIAT,                  BIT (IN_REVIEW), FALSE },
    { "to-dispatch",          PEYGIR_ROLE_SECRETARIAT,                  BIT (REFERRED), FALSE },
    { "answers",              PEYGIR_ROLE_SECRETARIAT,                  BIT (REFERRED), FALSE },
    { "open",                 PEYGIR_ROLE_MANAGER,                      PEYGIR_STATES_OPEN, FALSE },
    { "all",                  PEYGIR_ROLE_NONE,                         PEYGIR_STATES_ALL, FALSE },
  };
  guint n_queues;
  const PeygirQueueInfo *queues = peygir_workflow_queues (&n_queues);

  g_assert_cmpuint (n_queues, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n_queues; i++)
    {
      g_assert_cmpstr (queues[i].id, ==, expected[i].id);
      g_assert_cmpint (queues[i].roles, ==, expected[i].roles);
      g_assert_cmpint (queues[i].mine, ==, expected[i].mine);
      g_assert_true (peygir_workflow_queue (expected[i].id) == &queues[i]);
      g_assert_nonnull (peygir_queue_title (&queues[i]));
      /* a desk's own queue is never an overview of everyone's work */
      g_assert_false (queues[i].mine && queues[i].overview);
    }

  /* every state is in exactly the queues the table puts it in */
  for (PeygirState state = 0; state < PEYGIR_N_STATES; state++)
    for (guint i = 0; i < n_queues; i++)
      g_assert_cmpint (peygir_workflow_queue_has_state (&queues[i], state), ==,
                       (expected[i].states & PEYGIR_STATE_BIT (state)) != 0);

  g_assert_true (peygir_workflow_queue ("overdue")->overdue_only);
  g_assert_true (peygir_workflow_queue ("overdue-office")->overdue_only);
  g_assert_true (peygir_workflow_queue ("to-dispatch")->undispatched_only);
  g_assert_true (peygir_workflow_queue ("reminders-to-approve")->reminders_to_approve);
  g_assert_true (peygir_workflow_queue ("unassigned")->unassigned_only);
  g_assert_false (peygir_workflow_queue ("open")->unassigned_only);
  g_assert_false (peygir_workflow_queue ("answers")->overdue_only);
  g_assert_null (peygir_workflow_queue ("office"));
}

/* Who holds a case: a manager or an expert may assign any open case (the
 * store then narrows the expert to an unassigned case for themselves); a
 * closed case is not assigned, and the secretariat assigns none. */
static void
test_assign (void)
{
  for (PeygirState state = 0; state < PEYGIR_N_STATES; state++)
    {
      g_autoptr(GError) error = NULL;
      gboolean open = state != PEYGIR_STATE_CLOSED;

      g_assert_cmpint (peygir_workflow_check (PEYGIR_ACTION_ASSIGN, state, PEYGIR_ROLE_MANAGER, NULL), ==, open);
      g_assert_cmpint (peygir_workflow_check (PEYGIR_ACTION_ASSIGN, state, PEYGIR_ROLE_EXPERT, &error), ==, open);
      if (!open)
        g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
      g_clear_error (&error);
      g_assert_false (peygir_workflow_check (PEYGIR_ACTION_ASSIGN, state, PEYGIR_ROLE_SECRETARIAT, &error));
      g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
      g_clear_error (&error);
      g_assert_false (peygir_workflow_check (PEYGIR_ACTION_ASSIGN, state, PEYGIR_ROLE_ADMIN, NULL));
      g_assert_cmpint (peygir_workflow_next_state (PEYGIR_ACTION_ASSIGN, state), ==, state);
    }
  g_assert_cmpstr (peygir_action_to_string (PEYGIR_ACTION_ASSIGN), ==, "assign");
  g_assert_true (peygir_workflow_action_info (PEYGIR_ACTION_ASSIGN)->flags & PEYGIR_ACTION_NEEDS_ASSIGNEE);
  g_assert_false (peygir_workflow_action_is_destructive (PEYGIR_ACTION_ASSIGN));
}

static void
test_keeps_state (void)
{
  static const PeygirAction keeping[] = {
    PEYGIR_ACTION_DISPATCH, PEYGIR_ACTION_FOLLOW_UP, PEYGIR_ACTION_AWAIT_DOCUMENTS,
    PEYGIR_ACTION_DOCUMENTS_RECEIVED, PEYGIR_ACTION_LINK, PEYGIR_ACTION_CONTACT,
    PEYGIR_ACTION_APPROVE_REMINDER, PEYGIR_ACTION_ASSIGN,
  };
  guint n_transitions;
  const PeygirTransition *transitions = peygir_workflow_transitions (&n_transitions);

  for (PeygirAction action = 0; action < PEYGIR_N_ACTIONS; action++)
    {
      gboolean keeps = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (keeping); i++)
        keeps |= keeping[i] == action;
      g_assert_cmpint (peygir_workflow_action_keeps_state (action), ==, keeps);
    }

  /* the table says it explicitly, and the next state is where the case was */
  for (guint i = 0; i < n_transitions; i++)
    {
      const PeygirTransition *t = &transitions[i];

      g_assert_cmpint (t->to_state == PEYGIR_STATE_UNCHANGED, ==,
                       peygir_workflow_action_keeps_state (t->action));
      if (t->to_state != PEYGIR_STATE_UNCHANGED)
        g_assert_cmpint (t->to_state, <, PEYGIR_N_STATES);
      for (PeygirState state = 0; state < PEYGIR_N_STATES; state++)
        if (t->from_states & PEYGIR_STATE_BIT (state))
          g_assert_cmpint (peygir_workflow_next_state (t->action, state), ==,
                           t->to_state == PEYGIR_STATE_UNCHANGED ? state : t->to_state);
    }
}

/* The enums have GTypes, so that signals and properties carry them typed. */
static void
test_enum_types (void)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (PEYGIR_TYPE_STATE);
  g_autoptr(GFlagsClass) roles = g_type_class_ref (PEYGIR_TYPE_ROLES);
  g_autoptr(GEnumClass) kinds = g_type_class_ref (PEYGIR_TYPE_LETTER_KIND);

  g_assert_cmpstr (g_enum_get_value (states, PEYGIR_STATE_WITH_MANAGER)->value_name, ==,
                   "PEYGIR_STATE_WITH_MANAGER");
  g_assert_nonnull (g_flags_get_first_value (roles, PEYGIR_ROLE_SECRETARIAT));
  g_assert_nonnull (g_enum_get_value (kinds, PEYGIR_LETTER_ANSWER));
  g_assert_true (G_TYPE_IS_ENUM (PEYGIR_TYPE_ACTION));
}

static void
test_destructive (void)
{
  for (PeygirAction action = 0; action < PEYGIR_N_ACTIONS; action++)
    g_assert_cmpint (peygir_workflow_action_is_destructive (action), ==,
                     action == PEYGIR_ACTION_REJECT || action == PEYGIR_ACTION_RETURN);
}

static void
test_letter_kinds (void)
{
  static const guint expected[PEYGIR_N_LETTER_KINDS] = {
    [PEYGIR_LETTER_REFERRAL] = BIT (WITH_MANAGER) | BIT (REFERRED) | BIT (ANSWERED) | BIT (CLOSED),
    [PEYGIR_LETTER_REMINDER] = BIT (REFERRED) | BIT (ANSWERED) | BIT (CLOSED),
    [PEYGIR_LETTER_RECEIPT]  = PEYGIR_STATES_ALL,
    [PEYGIR_LETTER_ANSWER]   = BIT (ANSWERED) | BIT (REJECTED) | BIT (CLOSED),
  };

  for (PeygirLetterKind kind = 0; kind < PEYGIR_N_LETTER_KINDS; kind++)
    {
      PeygirLetterKind back;

      g_assert_cmpuint (peygir_workflow_letter_kind_states (kind), ==, expected[kind]);
      g_assert_true (peygir_letter_kind_from_string (peygir_letter_kind_to_string (kind), &back));
      g_assert_cmpint (back, ==, kind);
    }
  /* a result to tell in writing: the states of the answer letter */
  for (PeygirState state = 0; state < PEYGIR_N_STATES; state++)
    g_assert_cmpint (peygir_workflow_has_result (state), ==,
                     (expected[PEYGIR_LETTER_ANSWER] & PEYGIR_STATE_BIT (state)) != 0);
}

/* The service target's clock runs from the review until the agency has
 * answered: not while the case waits to be looked at, nor once it has its
 * result. */
static void
test_service_clock (void)
{
  const guint running = PEYGIR_STATE_BIT (PEYGIR_STATE_IN_REVIEW) | PEYGIR_STATE_BIT (PEYGIR_STATE_REGISTERED)
                        | PEYGIR_STATE_BIT (PEYGIR_STATE_WITH_MANAGER) | PEYGIR_STATE_BIT (PEYGIR_STATE_REFERRED);

  for (PeygirState state = 0; state < PEYGIR_N_STATES; state++)
    g_assert_cmpint (peygir_workflow_service_clock_runs (state), ==, (running & PEYGIR_STATE_BIT (state)) != 0);
  g_assert_false (peygir_workflow_service_clock_runs (PEYGIR_STATE_UNCHANGED));
}

/* Which letter waits to be sent for a referral: the print queue, the case
 * page and the dispatch read this one rule. */
static void
test_letter_waiting (void)
{
  PeygirReferral referral = { .round = 2, .state = PEYGIR_REFERRAL_APPROVED, .reminder = PEYGIR_REMINDER_NONE };
  PeygirLetterKind kind = PEYGIR_LETTER_ANSWER;

  g_assert_true (peygir_workflow_letter_waiting (&referral, 2, &kind));
  g_assert_cmpint (kind, ==, PEYGIR_LETTER_REFERRAL);
  /* an approved letter of an earlier round is not sent */
  g_assert_false (peygir_workflow_letter_waiting (&referral, 3, &kind));

  referral.state = PEYGIR_REFERRAL_DISPATCHED;
  g_assert_false (peygir_workflow_letter_waiting (&referral, 2, &kind));
  referral.reminder = PEYGIR_REMINDER_DRAFT;
  g_assert_false (peygir_workflow_letter_waiting (&referral, 2, &kind));
  referral.reminder = PEYGIR_REMINDER_APPROVED;
  kind = PEYGIR_LETTER_ANSWER;
  g_assert_true (peygir_workflow_letter_waiting (&referral, 2, &kind));
  g_assert_cmpint (kind, ==, PEYGIR_LETTER_REMINDER);
  g_assert_false (peygir_workflow_letter_waiting (&referral, 3, &kind));

  referral.state = PEYGIR_REFERRAL_ANSWERED;
  g_assert_false (peygir_workflow_letter_waiting (&referral, 2, &kind));
  referral.state = PEYGIR_REFERRAL_DRAFT;
  referral.reminder = PEYGIR_REMINDER_NONE;
  g_assert_false (peygir_workflow_letter_waiting (&referral, 2, &kind));
}

/* A case's dated steps follow its state: what it needs it may have, a
 * later state has been through at least what an earlier one needs on its
 * straight way, and only a closed case may have been closed. */
static void
test_state_steps (void)
{
  PeygirSteps needs, allows, referred_needs;
  gboolean agency;

  for (PeygirState s = 0; s < PEYGIR_N_STATES; s++)
    {
      peygir_workflow_state_steps (s, &needs, &allows, &agency);
      g_assert_cmpuint (needs & ~allows, ==, 0);
      g_assert_cmpint ((allows & PEYGIR_STEP_CLOSED) != 0, ==, s == PEYGIR_STATE_CLOSED);
    }
  peygir_workflow_state_steps (PEYGIR_STATE_REFERRED, &referred_needs, NULL, &agency);
  g_assert_true (agency);
  peygir_workflow_state_steps (PEYGIR_STATE_ANSWERED, &needs, NULL, NULL);
  g_assert_cmpuint (referred_needs & ~needs, ==, 0);
  peygir_workflow_state_steps (PEYGIR_STATE_REJECTED, &needs, &allows, &agency);
  g_assert_false (agency);
  g_assert_cmpuint (allows & PEYGIR_STEP_REFERRED, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/workflow/every-transition", test_every_transition);
  g_test_add_func ("/core/workflow/service-clock", test_service_clock);
  g_test_add_func ("/core/workflow/card-paths", test_card_paths);
  g_test_add_func ("/core/workflow/side-actions", test_side_actions);
  g_test_add_func ("/core/workflow/flags", test_flags);
  g_test_add_func ("/core/workflow/identifiers", test_identifiers);
  g_test_add_func ("/core/workflow/queues", test_queues);
  g_test_add_func ("/core/workflow/assign", test_assign);
  g_test_add_func ("/core/workflow/keeps-state", test_keeps_state);
  g_test_add_func ("/core/workflow/destructive", test_destructive);
  g_test_add_func ("/core/workflow/enum-types", test_enum_types);
  g_test_add_func ("/core/workflow/letter-kinds", test_letter_kinds);
  g_test_add_func ("/core/workflow/letter-waiting", test_letter_waiting);
  g_test_add_func ("/core/workflow/state-steps", test_state_steps);

  return g_test_run ();
}
