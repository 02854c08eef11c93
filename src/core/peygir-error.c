/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "peygir-error.h"

G_DEFINE_QUARK (peygir-input-error-quark, peygir_input_error)
G_DEFINE_QUARK (peygir-workflow-error-quark, peygir_workflow_error)
G_DEFINE_QUARK (peygir-store-error-quark, peygir_store_error)
