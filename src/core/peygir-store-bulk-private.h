/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the two files of the bulk path share: peygir-store-bulk.c takes
 * cases in, writes and commits them; peygir-store-bulk-effects.c applies
 * the actions to a case in memory. */

#include "peygir-store-private.h"

G_BEGIN_DECLS

typedef enum
{
  ID_CASES,
  ID_REFERRALS,
  ID_FOLLOW_UPS,
  ID_LETTERS,
  ID_CONTACTS,
  N_IDS
} IdTable;

typedef struct
{
  gint64              id;
  gint64              referral_id;
  gint64              at;
  gint64              user_id;
  PeygirDay           previous_due;
  PeygirDay           new_due;
  char               *letter_number;
  char               *note;
  PeygirChannel       channel;
  PeygirReminderState reminder;
  gint64              signer_id;
  gint64              approved_at;
} FollowUp;

typedef struct
{
  gint64            id;
  char             *number;
  PeygirLetterKind  kind;
  gint64            referral_id;
  gint64            at;
  gint64            by;
} Letter;

typedef struct
{
  gint64         id;
  gint64         at;
  gint64         user_id;
  PeygirChannel  channel;
  char          *note;
} Contact;

typedef struct
{
  gint64      at;
  gint64      actor_id;
  const char *action;       /* static */
  const char *from_state;   /* static; NULL for the intake */
  const char *to_state;
  char       *note;
} Event;

/* The case taken in, as its history has left it so far. */
typedef struct
{
  PeygirCase *kase;         /* with its referrals */
  int         reg_year;
  gint64      reg_seq;
  int         given_year;   /* peygir_bulk_set_registration (), 0: none */
  gint64      given_seq;
  gint64      entered_at;   /* when it entered its state */
  gint64      last_at;
  GArray     *follow_ups;   /* of FollowUp */
  GArray     *letters;      /* of Letter */
  GArray     *contacts;     /* of Contact */
  GArray     *events;       /* of Event */
  GArray     *stays;        /* of Stay */
} BulkCase;

typedef struct
{
  const char *state;
  PeygirDay   day;
  gint64      seconds;
} Stay;

struct _PeygirBulk
{
  PeygirStore    *store;
  gboolean        in_batch;
  gboolean        spoilt;
  gint64          next_id[N_IDS];
  gint64          first_case_id;   /* of the open transaction; 0: none written */
  gint64          last_case_id;
  GHashTable     *actors;          /* login → PeygirUser */
  GHashTable     *users;           /* id → PeygirUser */
  GHashTable     *operators;       /* actor's id → the operator's, 0: none */
  GHashTable     *agencies;        /* id → PeygirAgency */
  GHashTable     *counters;        /* "series|year" → gint64 * */
  GHashTable     *stays;           /* "state|day" → gint64[2]: n, seconds */
  GPtrArray      *search_rows;     /* of SearchRow, written last: FTS5 flushes
                                    * its pending rows at every statement's
                                    * savepoint once it has some */
  PeygirCalendar *calendar;
  int             service_days;
  int             response_days;   /* the office's, for an agency without its own */
  char           *reminder_signer;
  char           *past_login;      /* peygir_bulk_set_past (); NULL: the cases of today */
  BulkCase       *current;
};

/* The actor named @login (the past's administrator, when there is one),
 * as the actions read them; owned by @self. */
PeygirUser   *_peygir_bulk_actor_of      (PeygirBulk  *self,
                                          const char  *login,
                                          GError     **error);
PeygirUser   *_peygir_bulk_user_of       (PeygirBulk  *self,
                                          gint64       id,
                                          GError     **error);
/* An agency a case may name, as intake and referrals check it. */
PeygirAgency *_peygir_bulk_usable_agency (PeygirBulk  *self,
                                          gint64       id,
                                          GError     **error);
/* A series' counter in @year, written at the commit; and its next number. */
gint64       *_peygir_bulk_counter_of    (PeygirBulk  *self,
                                          const char  *series,
                                          int          year,
                                          GError     **error);
gint64        _peygir_bulk_next_number   (PeygirBulk  *self,
                                          const char  *series,
                                          int          year,
                                          GError     **error);
/* An agency's deadline for an answer asked on @day. */
PeygirDay     _peygir_bulk_agency_due    (PeygirBulk  *self,
                                          gint64       agency_id,
                                          PeygirDay    day);
void          _peygir_bulk_add_event     (BulkCase    *c,
                                          gint64       at,
                                          gint64       actor_id,
                                          const char  *action,
                                          const char  *from_state,
                                          const char  *to_state,
                                          const char  *note);
void          _peygir_bulk_case_free     (BulkCase    *c);

G_END_DECLS
