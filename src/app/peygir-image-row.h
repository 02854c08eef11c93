/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The row of one of the letters' images (the logo, a manager's signature):
 * the image, its buttons (letter-settings.choose-image and
 * letter-settings.remove-image, aimed at the row's key), and a subtitle
 * saying whether there is one. */

#define PEYGIR_TYPE_IMAGE_ROW (peygir_image_row_get_type ())
G_DECLARE_FINAL_TYPE (PeygirImageRow, peygir_image_row, PEYGIR, IMAGE_ROW, AdwActionRow)

/* @filled_subtitle shown while there is an image, @empty_subtitle while
 * there is none. */
GtkWidget  *peygir_image_row_new       (const char     *key,
                                        const char     *title,
                                        const char     *filled_subtitle,
                                        const char     *empty_subtitle);
const char *peygir_image_row_get_key   (PeygirImageRow *self);
/* @png: the image as the store has it; NULL: none. */
void        peygir_image_row_set_image (PeygirImageRow *self,
                                        GBytes         *png);

G_END_DECLS
