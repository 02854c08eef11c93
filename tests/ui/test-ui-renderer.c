/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the client tells GDK before GTK starts, from the renderer asked
 * for: no GL opened when cairo draws. Environment only, no display. */
#include <glib.h>

#include "peygir-application.h"

static void
setup_with (const char *renderer,
            const char *debug)
{
  if (renderer != NULL)
    g_setenv ("GSK_RENDERER", renderer, TRUE);
  else
    g_unsetenv ("GSK_RENDERER");
  if (debug != NULL)
    g_setenv ("GDK_DEBUG", debug, TRUE);
  else
    g_unsetenv ("GDK_DEBUG");
  peygir_application_setup_renderer ();
}

static void
test_cairo_disables_gl (void)
{
  setup_with ("cairo", NULL);
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");
  setup_with ("cairo", "");
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");
}

static void
test_cairo_keeps_other_flags (void)
{
  setup_with ("cairo", "events");
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "events,gl-disable");
  setup_with ("cairo", "gl-disable,events");
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable,events");
}

static void
test_other_renderers_untouched (void)
{
  setup_with (NULL, NULL);
  g_assert_null (g_getenv ("GDK_DEBUG"));
  setup_with ("gl", NULL);
  g_assert_null (g_getenv ("GDK_DEBUG"));
  setup_with ("ngl", "events");
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "events");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/renderer/cairo-disables-gl", test_cairo_disables_gl);
  g_test_add_func ("/ui/renderer/cairo-keeps-other-flags", test_cairo_keeps_other_flags);
  g_test_add_func ("/ui/renderer/other-renderers-untouched", test_other_renderers_untouched);

  return g_test_run ();
}
