/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-types.h"

G_BEGIN_DECLS

/* What the client's widgets do alike, in one place. */

/* The window @widget is shown in, as a dialog's parent; NULL while it is
 * in none. */
GtkWindow *_peygir_widget_get_window       (GtkWidget *widget);
/* gtk_widget_dispose_template () for @widget_type, then unparents the
 * children it leaves: a template's root without an id stays otherwise. */
void       _peygir_widget_dispose_template (GtkWidget *widget,
                                            GType      widget_type);
/* Makes @button a flat one, centred in a list row, saying @tooltip, that
 * activates @action_name with @target (a floating reference is taken);
 * @button. */
GtkWidget *_peygir_row_button_setup        (GtkWidget  *button,
                                            const char *tooltip,
                                            const char *action_name,
                                            GVariant   *target);
/* Shows @title on the nearest AdwToastOverlay above @widget (an
 * AdwPreferencesWindow has one), for six seconds; a message in the log
 * when there is none. */
void       _peygir_widget_add_toast        (GtkWidget  *widget,
                                            const char *title);
/* Shows @title on @overlay for @timeout seconds. */
void       _peygir_toast_overlay_add       (AdwToastOverlay *overlay,
                                            const char      *title,
                                            guint            timeout);
/* Shows @sentence (a message, perhaps with a login or a code in it) on
 * @label in the widget's own direction: its Latin runs isolated
 * (peygir_format_text ()), and led by the direction's mark, since Pango
 * would take the paragraph's direction from a Latin word at its start. */
void       _peygir_label_set_sentence      (GtkLabel   *label,
                                            const char *sentence);
/* Removes every row of @list (gtk_list_box_remove_all () came after 4.8). */
void       _peygir_list_box_remove_all     (GtkListBox *list);

/* A GtkSpinButton's "input" and "output" for whole numbers: shown in
 * Persian digits, typed in Persian, Arabic-Indic or Latin digits alike.
 * Bound in a template with gtk_widget_class_bind_template_callback (). */
int        _peygir_spin_button_input_cb    (GtkSpinButton *spin,
                                            double        *new_value,
                                            gpointer       user_data);
gboolean   _peygir_spin_button_output_cb   (GtkSpinButton *spin,
                                            gpointer       user_data);

/* The role, host and database of the server's @location, each isolated
 * (LRI … PDI) to read left to right inside a Persian sentence, "?" for
 * what cannot be parsed; never the password. Free the three. */
void       _peygir_server_parts_for_display (const char  *location,
                                             char       **user,
                                             char       **host,
                                             char       **dbname);

/* A new list of the names of @agencies (of PeygirAgency) for a drop-down,
 * after @first, which stands for none or all of them; @ids is set to their
 * ids in the same order, 0 for @first. @active_only leaves out the
 * agencies that no longer take referrals. */
GtkStringList *_peygir_agency_names        (GPtrArray  *agencies,
                                            const char *first,
                                            gboolean    active_only,
                                            GArray     *ids);

/* Asks, over @parent, whether to throw away what was typed: the
 * responses "keep" (Keep Editing: the default, and what closing the
 * question means) and "discard" (destructive). @body says what would be
 * lost. Not yet presented. */
AdwMessageDialog *_peygir_discard_dialog_new (GtkWindow  *parent,
                                              const char *body);
/* Whether @text holds @query anywhere, as the project's search compares
 * (peygir_text_normalize (): ی/ي, ک/ك, ZWNJ, diacritics, digits of any
 * script alike); an empty @query matches everything. */
gboolean   _peygir_search_matches          (const char *text,
                                            const char *query);
/* The first GtkSearchEntry in @widget (a drop-down's, a preferences
 * window's), NULL when there is none. */
GtkWidget *_peygir_find_search_entry       (GtkWidget  *widget);
/* Makes @drop_down (a list of GtkStringObject) searchable by typing: its
 * search entry matches anywhere in an item, by _peygir_search_matches ().
 * Call once; the model may change afterwards. */
void       _peygir_drop_down_set_searchable (GtkDropDown *drop_down);

G_END_DECLS
