/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>

#include "peygir-test-util.h"

char *
peygir_test_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("peygir-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

static void
remove_recursively (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          remove_recursively (child);
          g_object_unref (info);
        }
    }
  g_file_delete (file, NULL, NULL);
}

void
peygir_test_dir_free (char *path)
{
  g_autoptr(GFile) dir = NULL;

  if (path == NULL)
    return;
  dir = g_file_new_for_path (path);
  remove_recursively (dir);
  g_free (path);
}
