/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir"

#include <gmodule.h>

#include "peygir-library.h"

static gpointer
open_library (gpointer data)
{
  PeygirLibrary *library = data;
  GModule *module = g_module_open (library->file, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  for (guint i = 0; module != NULL && library->symbols[i] != NULL; i++)
    if (!g_module_symbol (module, library->symbols[i], &library->addresses[i]))
      {
        library->failure = g_strdup (g_module_error ());
        return GINT_TO_POINTER (FALSE);
      }
  if (module == NULL)
    {
      library->failure = g_strdup (g_module_error ());
      return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

gboolean
_peygir_library_open (PeygirLibrary *library)
{
  return GPOINTER_TO_INT (g_once (&library->once, open_library, library));
}
