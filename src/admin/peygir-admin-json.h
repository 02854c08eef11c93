/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "peygir-report.h"
#include "peygir-store.h"
#include "peygir-types.h"

G_BEGIN_DECLS

/* The JSON that scripts read from peygir-admin and write to it: part of the
 * command line's contract, so field names never change once published. */

/* @events, @documents and @contacts may be NULL (the fields are left out). */
JsonNode        *peygir_admin_case_to_json     (const PeygirCase *kase,
                                                GPtrArray        *events,
                                                GPtrArray        *documents,
                                                GPtrArray        *contacts);
/* What case new and case attach print of what they made. */
JsonNode        *peygir_admin_case_created_to_json   (const PeygirCase *kase);
JsonNode        *peygir_admin_document_added_to_json (const PeygirDocument *document);
JsonNode        *peygir_admin_user_to_json     (const PeygirUser *user);
JsonNode        *peygir_admin_agency_to_json   (const PeygirAgency *agency);
JsonNode        *peygir_admin_holiday_to_json  (const PeygirHoliday *holiday);
JsonNode        *peygir_admin_register_entry_to_json (const PeygirRegisterEntry *entry);

/* What report --json prints: one object, the figures of peygir-report.h
 * under the names the report's header gives them. */
JsonNode        *peygir_admin_report_to_json   (const PeygirReport *report);

/* An entry of the register as its JSON and its line name it: "incoming" or
 * "outgoing"; "received", "void" or "sent". */
const char      *peygir_admin_register_entry_direction (const PeygirRegisterEntry *entry);
const char      *peygir_admin_register_entry_state     (const PeygirRegisterEntry *entry);

/* One JSON object in UTF-8 → a draft; PEYGIR_INPUT_ERROR for anything that
 * is not exactly the documented object. The draft is not yet validated. */
PeygirCaseDraft *peygir_admin_draft_from_json  (const char  *data,
                                                gsize        length,
                                                GError     **error);

/* A JSON document with a trailing newline; @pretty spreads it over lines. */
char            *peygir_admin_json_to_string   (JsonNode *node,
                                                gboolean  pretty);

G_END_DECLS
