/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Input that a person typed or a script sent: shown back as one sentence. */
#define PEYGIR_INPUT_ERROR (peygir_input_error_quark ())
typedef enum
{
  PEYGIR_INPUT_ERROR_INVALID,          /* malformed: bad UTF-8, bad JSON, control characters */
  PEYGIR_INPUT_ERROR_MISSING,          /* a required field is empty */
  PEYGIR_INPUT_ERROR_TOO_LONG,
  PEYGIR_INPUT_ERROR_NATIONAL_ID,      /* national / company ID fails its check digit */
  PEYGIR_INPUT_ERROR_MOBILE,
  PEYGIR_INPUT_ERROR_DATE,
  PEYGIR_INPUT_ERROR_EMAIL,
  PEYGIR_INPUT_ERROR_POSTAL_CODE,
  PEYGIR_INPUT_ERROR_TOO_LARGE,        /* a document over the size limit */
} PeygirInputError;

/* The workflow refused an action. */
#define PEYGIR_WORKFLOW_ERROR (peygir_workflow_error_quark ())
typedef enum
{
  PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED, /* the actor lacks the role */
  PEYGIR_WORKFLOW_ERROR_INVALID_STATE, /* not allowed in the case's state */
  PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED, /* reject, return, reopen, answer … need a text */
  PEYGIR_WORKFLOW_ERROR_ARGUMENT,      /* missing or wrong agency, referral, channel, linked case */
  PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER,  /* the actor is not a user of the office, or inactive */
} PeygirWorkflowError;

/* The database file, or the database server. */
#define PEYGIR_STORE_ERROR (peygir_store_error_quark ())
typedef enum
{
  PEYGIR_STORE_ERROR_BUSY,             /* another desk holds the lock past the busy timeout */
  PEYGIR_STORE_ERROR_UNREACHABLE,      /* cannot open or read or write the file (share gone, I/O error) */
  PEYGIR_STORE_ERROR_READ_ONLY,        /* the file or its folder is not writable */
  PEYGIR_STORE_ERROR_CORRUPT,          /* not a database, or damaged */
  PEYGIR_STORE_ERROR_NEWER_SCHEMA,     /* made by a newer Peygir */
  PEYGIR_STORE_ERROR_NOT_INITIALIZED,  /* no Peygir database at that path */
  PEYGIR_STORE_ERROR_CONFLICT,         /* someone changed the case meanwhile */
  PEYGIR_STORE_ERROR_NOT_FOUND,        /* no such case, user, agency, referral or document */
  PEYGIR_STORE_ERROR_EXISTS,           /* a login or agency name already taken */
  PEYGIR_STORE_ERROR_AUDIT,            /* the audit chain does not verify */
  PEYGIR_STORE_ERROR_NEEDS_PASSWORD,   /* the database server asks for a password */
  PEYGIR_STORE_ERROR_NOT_PERMITTED,    /* the database server refuses this to the account */
  PEYGIR_STORE_ERROR_FIGURES,          /* the report's figures differ from the history */
} PeygirStoreError;

GQuark peygir_input_error_quark    (void);
GQuark peygir_workflow_error_quark (void);
GQuark peygir_store_error_quark    (void);

G_END_DECLS
