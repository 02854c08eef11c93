/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "peygir-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PeygirApplication) app = NULL;

  peygir_application_setup_i18n ();
  peygir_application_setup_renderer ();
  app = peygir_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
