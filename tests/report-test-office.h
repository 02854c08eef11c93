/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A scripted month of the office for the report's tests (the core's and
 * the command line's), whose figures they work out by hand. */

#include "store-test-fixture.h"

G_BEGIN_DECLS

/* Takes the fixture's office through May 2026 (see the .c for each case
 * and its days); the clock is left at 2026-06-03. Sets the
 * report_rank_minimum setting to 2. */
void report_office_script (StoreFixture *fixture);

G_END_DECLS
