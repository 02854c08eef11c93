/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-attach-chooser"

#include <glib/gi18n-lib.h>

#include "peygir-attach-chooser.h"
#include "peygir-file-chooser.h"

void
peygir_attach_chooser_open (GtkWidget             *widget,
                            GtkFileChooserNative **chooser,
                            PeygirAttachFileFunc   attach_file)
{
  const PeygirFileChooserOptions options = {
    .title = _("Attach Documents"),
    .action = GTK_FILE_CHOOSER_ACTION_OPEN,
    .accept_label = _("_Attach"),
    .cancel_label = _("_Cancel"),
    .select_multiple = TRUE,
  };

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (chooser != NULL);
  g_return_if_fail (attach_file != NULL);

  peygir_file_chooser_open (widget, chooser, &options, attach_file);
}
