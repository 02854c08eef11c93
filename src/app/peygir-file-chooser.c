/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-file-chooser"

#include "peygir-file-chooser.h"
#include "peygir-utils-private.h"

typedef struct
{
  GtkWidget             *widget;
  GtkFileChooserNative **chooser;
  PeygirFileChosenFunc   chosen;
} ChooseRequest;

static void
choose_request_free (gpointer  data,
                     GClosure *closure)
{
  g_free (data);
}

static GtkFileFilter *
filter_new (const PeygirFileChooserOptions *options)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, options->filter_name);
  for (guint i = 0; options->mime_types != NULL && options->mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, options->mime_types[i]);
  for (guint i = 0; options->patterns != NULL && options->patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, options->patterns[i]);
  for (guint i = 0; options->suffixes != NULL && options->suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, options->suffixes[i]);
  return filter;
}

static void
chooser_response_cb (GtkFileChooserNative *chooser,
                     int                   response,
                     ChooseRequest        *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          request->chosen (request->widget, file);
        }
    }
  g_clear_object (request->chooser);
}

void
peygir_file_chooser_open (GtkWidget                      *widget,
                          GtkFileChooserNative          **chooser,
                          const PeygirFileChooserOptions *options,
                          PeygirFileChosenFunc            chosen)
{
  ChooseRequest *request;
  GClosure *closure;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (chooser != NULL);
  g_return_if_fail (options != NULL);
  g_return_if_fail (chosen != NULL);

  if (*chooser != NULL)
    return;
  *chooser = gtk_file_chooser_native_new (options->title, _peygir_widget_get_window (widget), options->action,
                                          options->accept_label, options->cancel_label);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (*chooser), options->select_multiple);
  if (options->filter_name != NULL)
    {
      g_autoptr(GtkFileFilter) filter = filter_new (options);

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (*chooser), filter);
    }
  if (options->current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (*chooser), options->current_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (*chooser), options->modal);

  request = g_new0 (ChooseRequest, 1);
  request->widget = widget;
  request->chooser = chooser;
  request->chosen = chosen;
  /* as g_signal_connect_object () would: no answer reaches a widget gone */
  closure = g_cclosure_new (G_CALLBACK (chooser_response_cb), request, choose_request_free);
  g_object_watch_closure (G_OBJECT (widget), closure);
  g_signal_connect_closure (*chooser, "response", closure, FALSE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (*chooser));
}
