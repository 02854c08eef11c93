/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* The office's own data: users (and who acts for whom), agencies,
 * settings, and the defaults a new database is seeded with (the
 * holidays are in peygir-store-holidays.c). */

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-clock.h"
#include "peygir-core-resources.h"
#include "peygir-error.h"
#include "peygir-holidays.h"
#include "peygir-store-private.h"
#include "peygir-text.h"
#include "peygir-workflow.h"

/* Users. */

static PeygirUser *
user_from_row (PeygirDbStatement *stmt)
{
  PeygirUser *user = g_new0 (PeygirUser, 1);

  user->id = peygir_db_column_int64 (stmt, 0);
  user->login = peygir_db_column_dup (stmt, 1);
  user->name = peygir_db_column_dup (stmt, 2);
  user->roles = peygir_db_column_int (stmt, 3);
  user->active = peygir_db_column_int (stmt, 4);
  user->title = peygir_db_column_dup (stmt, 5);
  return user;
}

#define USER_COLUMNS "id, login, name, roles, active, title"

static PeygirUser *
read_user (PeygirStore  *self,
           const char   *login,
           GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT " USER_COLUMNS " FROM users WHERE login = ?", error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_text (stmt, 1, login);
  if (!_peygir_store_step_expect (self, stmt, PEYGIR_DB_ROW, error,
                                  PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER,
                                  _("“%s” is not a user of Peygir: ask the administrator to add this login."), login))
    return NULL;
  return user_from_row (stmt);
}

PeygirUser *
_peygir_store_read_user_by_id (PeygirStore  *self,
                               gint64        id,
                               GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT " USER_COLUMNS " FROM users WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, id);
  if (!_peygir_store_step_expect (self, stmt, PEYGIR_DB_ROW, error,
                                  PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER,
                                  _("There is no user %" PRId64 " in Peygir."), id))
    return NULL;
  return user_from_row (stmt);
}

PeygirUser *
_peygir_store_read_actor (PeygirStore  *self,
                          const char   *login,
                          GError      **error)
{
  PeygirUser *user;

  if (self->server_bound)
    login = self->server_login;
  if (login == NULL || *login == '\0')
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER,
                   _("Every action needs the user who takes it."));
      return NULL;
    }
  if (self->batch_depth > 0 && self->batch_actors != NULL
      && (user = g_hash_table_lookup (self->batch_actors, login)) != NULL)
    return peygir_user_copy (user);
  user = read_user (self, login, error);
  if (user != NULL && user->active && self->batch_depth > 0)
    {
      if (self->batch_actors == NULL)
        self->batch_actors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    (GDestroyNotify) peygir_user_free);
      g_hash_table_insert (self->batch_actors, g_strdup (login), peygir_user_copy (user));
    }
  if (user != NULL && !user->active)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER,
                   _("The user “%s” has been deactivated."), login);
      g_clear_pointer (&user, peygir_user_free);
    }
  if (user != NULL && !_peygir_store_read_operator (self, user->id, NULL, error))
    g_clear_pointer (&user, peygir_user_free);
  return user;
}

/* Only an active administrator may act for another user; the event keeps
 * both. */
gboolean
_peygir_store_read_operator (PeygirStore  *self,
                             gint64        actor_id,
                             gint64       *operator_id,
                             GError      **error)
{
  g_autoptr(PeygirUser) operator = NULL;

  if (operator_id != NULL)
    *operator_id = 0;
  if (self->operator_login == NULL || actor_id == 0)
    return TRUE;

  /* not read_actor, which asks this of every actor it reads */
  if (self->batch_depth > 0 && self->batch_actors != NULL
      && (operator = g_hash_table_lookup (self->batch_actors, self->operator_login)) != NULL)
    operator = peygir_user_copy (operator);
  else
    operator = read_user (self, self->operator_login, NULL);
  if (operator != NULL && operator->id == actor_id)
    return TRUE;
  if (operator == NULL || !operator->active || !(operator->roles & PEYGIR_ROLE_ADMIN))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Only an administrator may act for another user, and “%s” is not an active administrator of this office."),
                   self->operator_login);
      return FALSE;
    }
  if (operator_id != NULL)
    *operator_id = operator->id;
  return TRUE;
}

PeygirUser *
_peygir_store_begin_action (PeygirStore  *self,
                            const char   *actor_login,
                            PeygirRoles   roles,
                            const char   *denied,
                            GError      **error)
{
  g_autoptr(PeygirUser) actor = NULL;

  if (!_peygir_store_tx_begin (self, TRUE, error))
    return NULL;
  actor = _peygir_store_read_actor (self, actor_login, error);
  if (actor != NULL && roles != PEYGIR_ROLE_NONE && !(actor->roles & roles))
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED, denied);
      g_clear_pointer (&actor, peygir_user_free);
    }
  if (actor == NULL)
    _peygir_store_tx_end (self, FALSE, NULL);
  return g_steal_pointer (&actor);
}

static gint64
count_rows (PeygirStore  *self,
            const char   *sql,
            GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, sql, error);

  if (stmt == NULL)
    return -1;
  return _peygir_store_step_count (self, stmt, error);
}

gboolean
_peygir_store_check_admin (PeygirStore  *self,
                           const char   *actor_login,
                           gint64       *actor_id,
                           GError      **error)
{
  g_autoptr(PeygirUser) actor = NULL;

  *actor_id = 0;
  if (actor_login == NULL || self->server_bound)
    actor_login = self->server_bound ? self->server_login : self->operator_login;
  if (actor_login == NULL)
    return TRUE;

  actor = _peygir_store_read_actor (self, actor_login, error);
  if (actor == NULL)
    return FALSE;
  if (!(actor->roles & PEYGIR_ROLE_ADMIN))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Only an administrator may change users, agencies and settings."));
      return FALSE;
    }
  *actor_id = actor->id;
  return TRUE;
}

gboolean
_peygir_store_begin_admin (PeygirStore  *self,
                           const char   *actor_login,
                           gint64       *actor_id,
                           GError      **error)
{
  if (!_peygir_store_tx_begin (self, TRUE, error))
    return FALSE;
  if (_peygir_store_check_admin (self, actor_login, actor_id, error))
    return TRUE;
  _peygir_store_tx_end (self, FALSE, NULL);
  return FALSE;
}

/* On a server, @user's role holds the group roles of their Peygir roles
 * while they are active, and none of them after. */
static gboolean
set_membership (PeygirStore  *self,
                PeygirUser   *user,
                GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db, "SELECT peygir_set_membership (?, string_to_array (?, ','), string_to_array (?, ','))", error);
  PeygirRoles granted = user->active ? user->roles & PEYGIR_ROLES_ALL : PEYGIR_ROLE_NONE;

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_text (stmt, 1, user->login);
  peygir_db_bind_text_take (stmt, 2, peygir_roles_to_string (granted));
  peygir_db_bind_text_take (stmt, 3, peygir_roles_to_string (PEYGIR_ROLES_ALL & ~granted));
  return peygir_db_step_done (stmt, error);
}

gboolean
_peygir_store_set_memberships (PeygirStore  *self,
                               GError      **error)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT " USER_COLUMNS " FROM users ORDER BY id", error);

  if (stmt == NULL)
    return FALSE;
  users = _peygir_store_collect_rows (self, stmt, (RowFunc) user_from_row, (GDestroyNotify) peygir_user_free, error);
  if (users == NULL)
    return FALSE;
  for (guint i = 0; i < users->len; i++)
    if (!set_membership (self, g_ptr_array_index (users, i), error))
      return FALSE;
  return TRUE;
}

/* The user @login as the change left it, and the change's event; on a
 * server their group roles follow, when @memberships (a change of roles or
 * of active, which only an administrator makes). */
static PeygirUser *
read_changed_user (PeygirStore  *self,
                   const char   *login,
                   gint64        actor_id,
                   const char   *action,
                   gboolean      memberships,
                   GError      **error)
{
  g_autoptr(PeygirUser) user = read_user (self, login, error);
  g_autofree char *roles_text = NULL;
  g_autofree char *note = NULL;

  if (user == NULL || (self->server && memberships && !set_membership (self, user, error)))
    return NULL;
  roles_text = peygir_roles_to_string (user->roles);
  note = g_strdup_printf ("%s (%s): %s%s", user->login, user->name, roles_text, user->active ? "" : " — inactive");
  if (!_peygir_store_append_event (self, 0, peygir_clock_now (), actor_id, action, NULL, NULL, note, error))
    return NULL;
  return g_steal_pointer (&user);
}

PeygirUser *
peygir_store_add_user (PeygirStore  *self,
                       const char   *actor_login,
                       const char   *login,
                       const char   *name,
                       PeygirRoles   roles,
                       GError      **error)
{
  g_autoptr(PeygirUser) user = NULL;
  g_autofree char *clean_name = NULL;
  gint64 actor_id = 0;
  gint64 users;
  gboolean ok = FALSE;

  if (!peygir_text_validate (login, _("The login"), 64, FALSE, error) ||
      !peygir_text_validate (name, _("The name"), 200, FALSE, error))
    return NULL;
  clean_name = peygir_text_sanitize (name, FALSE);
  if (*login == '\0' || strpbrk (login, " \t/") != NULL || *clean_name == '\0')
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("A user needs a login without spaces and a name."));
      return NULL;
    }
  if ((roles & PEYGIR_ROLES_ALL) == 0)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING,
                   _("A user needs at least one role."));
      return NULL;
    }

  STORE_LOCK (self);
  if (!_peygir_store_tx_begin (self, TRUE, error))
    return NULL;

  users = count_rows (self, "SELECT count(*) FROM users", error);
  if (users < 0)
    goto out;
  if (users == 0)
    roles |= PEYGIR_ROLE_ADMIN;  /* the first user administers the office's Peygir */
  else if (!_peygir_store_check_admin (self, actor_login, &actor_id, error))
    goto out;

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "INSERT INTO users (login, name, roles, created_at) VALUES (?, ?, ?, ?)", error);

    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, login);
    peygir_db_bind_text (stmt, 2, clean_name);
    peygir_db_bind_int (stmt, 3, roles & PEYGIR_ROLES_ALL);
    peygir_db_bind_int64 (stmt, 4, peygir_clock_now ());
    if (!_peygir_store_step_expect (self, stmt, PEYGIR_DB_DONE, error,
                                    PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                                    _("There is already a user with the login “%s”."), login))
      goto out;
  }

  user = read_changed_user (self, login, actor_id, "user_add", TRUE, error);
  ok = user != NULL;

out:
  if (!_peygir_store_tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&user);
}

/* A user's name, checked and cleaned; NULL with @error when unusable. */
static char *
clean_user_name (const char  *name,
                 GError     **error)
{
  g_autofree char *clean = NULL;

  if (!peygir_text_validate (name, _("The name"), 200, FALSE, error))
    return NULL;
  clean = peygir_text_sanitize (name, FALSE);
  g_strstrip (clean);
  if (*clean == '\0')
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING, _("A user needs a name."));
      return NULL;
    }
  return g_steal_pointer (&clean);
}

/* A title printed under a name, checked and cleaned into @out (NULL for
 * none). */
static gboolean
clean_user_title (const char  *title,
                  char       **out,
                  GError     **error)
{
  g_autofree char *clean = NULL;

  *out = NULL;
  if (title == NULL)
    return TRUE;
  if (!peygir_text_validate (title, _("The title"), 300, FALSE, error))
    return FALSE;
  clean = peygir_text_sanitize (title, FALSE);
  g_strstrip (clean);
  if (*clean != '\0')
    *out = g_steal_pointer (&clean);
  return TRUE;
}

/* Writes @before's new name, title, roles and active inside the caller's
 * transaction, keeping someone able to administer the office's Peygir;
 * the user as saved, with the change's event. Roles and active are
 * written only when they change: on a server a desk may write its own
 * name and title, not its roles. */
static PeygirUser *
write_user (PeygirStore       *self,
            gint64             actor_id,
            const PeygirUser  *before,
            const char        *name,
            const char        *title,
            PeygirRoles        roles,
            gboolean           active,
            GError           **error)
{
  gboolean standing_changes = (roles & PEYGIR_ROLES_ALL) != (before->roles & PEYGIR_ROLES_ALL)
                              || !active != !before->active;

  if ((before->roles & PEYGIR_ROLE_ADMIN) && before->active
      && (!(roles & PEYGIR_ROLE_ADMIN) || !active))
    {
      gint64 admins;

      G_STATIC_ASSERT (PEYGIR_ROLE_ADMIN == 8);
      admins = count_rows (self, "SELECT count(*) FROM users WHERE active <> 0 AND (roles & 8) <> 0", error);

      if (admins < 0)
        return NULL;
      if (admins <= 1)
        {
          g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                       _("“%s” is the last administrator: make someone else an administrator first."), before->name);
          return NULL;
        }
    }

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "UPDATE users SET name = ?2, title = ?3 WHERE login = ?1", error);

    if (stmt == NULL)
      return NULL;
    peygir_db_bind_text (stmt, 1, before->login);
    peygir_db_bind_text (stmt, 2, name);
    peygir_db_bind_text (stmt, 3, title);
    if (!peygir_db_step_done (stmt, error))
      return NULL;
  }
  if (standing_changes)
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->db, "UPDATE users SET roles = ?2, active = ?3 WHERE login = ?1", error);

      if (stmt == NULL)
        return NULL;
      peygir_db_bind_text (stmt, 1, before->login);
      peygir_db_bind_int (stmt, 2, roles & PEYGIR_ROLES_ALL);
      peygir_db_bind_int (stmt, 3, active ? 1 : 0);
      if (!peygir_db_step_done (stmt, error))
        return NULL;
    }

  g_clear_pointer (&self->batch_actors, g_hash_table_unref);
  return read_changed_user (self, before->login, actor_id, "user_change", standing_changes, error);
}

PeygirUser *
peygir_store_update_user (PeygirStore  *self,
                          const char   *actor_login,
                          const char   *login,
                          const char   *name,
                          PeygirRoles   roles,
                          int           active,
                          GError      **error)
{
  g_autoptr(PeygirUser) before = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_autofree char *clean_name = NULL;
  gint64 actor_id;

  if (name != NULL && (clean_name = clean_user_name (name, error)) == NULL)
    return NULL;

  STORE_LOCK (self);
  if (!_peygir_store_begin_admin (self, actor_login, &actor_id, error))
    return NULL;
  before = read_user (self, login, error);
  if (before != NULL)
    user = write_user (self, actor_id, before,
                       clean_name != NULL ? clean_name : before->name, before->title,
                       roles != 0 ? roles : before->roles,
                       active >= 0 ? active : before->active,
                       error);
  if (!_peygir_store_tx_end (self, user != NULL, error))
    return NULL;
  return g_steal_pointer (&user);
}

/* What a desk saw of a user is still what the database holds. */
static gboolean
user_as_seen (const PeygirUser *seen,
              const PeygirUser *now)
{
  return g_strcmp0 (seen->name, now->name) == 0
         && g_strcmp0 (seen->title, now->title) == 0
         && (seen->roles & PEYGIR_ROLES_ALL) == (now->roles & PEYGIR_ROLES_ALL)
         && !seen->active == !now->active;
}

PeygirUser *
peygir_store_change_user (PeygirStore       *self,
                          const char        *actor_login,
                          const PeygirUser  *was,
                          const PeygirUser  *now,
                          GError           **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirUser) before = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_title = NULL;
  gboolean standing_changes;

  g_return_val_if_fail (was != NULL && was->login != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if ((clean_name = clean_user_name (now->name, error)) == NULL
      || !clean_user_title (now->title, &clean_title, error))
    return NULL;
  if ((now->roles & PEYGIR_ROLES_ALL) == 0)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING,
                   _("A user needs at least one role."));
      return NULL;
    }
  standing_changes = (now->roles & PEYGIR_ROLES_ALL) != (was->roles & PEYGIR_ROLES_ALL)
                     || !now->active != !was->active;

  STORE_LOCK (self);
  actor = _peygir_store_begin_action (self, actor_login, PEYGIR_ROLE_NONE, NULL, error);
  if (actor == NULL)
    return NULL;
  /* one's own name and title; anyone's roles and standing for an administrator */
  if ((standing_changes || g_strcmp0 (actor->login, was->login) != 0)
      && !(actor->roles & PEYGIR_ROLE_ADMIN))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Only an administrator may change users, agencies and settings."));
      goto out;
    }
  before = read_user (self, was->login, error);
  if (before == NULL)
    goto out;
  if (!user_as_seen (was, before))
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT,
                   _("Another desk changed “%s” meanwhile: look again and redo your change."),
                   before->name);
      goto out;
    }
  user = write_user (self, actor->id, before, clean_name, clean_title,
                     now->roles, now->active, error);

out:
  if (!_peygir_store_tx_end (self, user != NULL, error))
    return NULL;
  return g_steal_pointer (&user);
}

PeygirUser *
peygir_store_set_user_title (PeygirStore  *self,
                             const char   *actor_login,
                             const char   *login,
                             const char   *title,
                             GError      **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *note = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (login != NULL, NULL);

  if (!clean_user_title (title, &clean, error))
    return NULL;

  STORE_LOCK (self);
  actor = _peygir_store_begin_action (self, actor_login, PEYGIR_ROLE_NONE, NULL, error);
  if (actor == NULL)
    return NULL;
  /* one's own title, or anyone's for an administrator */
  if (g_strcmp0 (actor->login, login) != 0 && !(actor->roles & PEYGIR_ROLE_ADMIN))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Only an administrator may change another user’s title."));
      goto out;
    }
  user = read_user (self, login, error);
  if (user == NULL)
    goto out;
  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "UPDATE users SET title = ?2 WHERE login = ?1", error);

    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, login);
    peygir_db_bind_text (stmt, 2, clean);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }
  note = g_strdup_printf ("%s: %s", login, clean != NULL ? clean : "");
  if (!_peygir_store_append_event (self, 0, peygir_clock_now (), actor->id, "user_title", NULL, NULL, note, error))
    goto out;
  g_free (user->title);
  user->title = g_steal_pointer (&clean);
  ok = TRUE;

out:
  if (!_peygir_store_tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&user);
}

PeygirUser *
peygir_store_find_user (PeygirStore  *self,
                        const char   *login,
                        GError      **error)
{
  STORE_LOCK (self);
  return read_user (self, login, error);
}

GPtrArray *
peygir_store_list_users (PeygirStore  *self,
                         GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT " USER_COLUMNS " FROM users ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  return _peygir_store_collect_rows (self, stmt, (RowFunc) user_from_row, (GDestroyNotify) peygir_user_free, error);
}

void
peygir_store_set_operator (PeygirStore *self,
                           const char  *login)
{
  STORE_LOCK (self);
  g_free (self->operator_login);
  /* on a server, the one at the keyboard is the role connected */
  self->operator_login = g_strdup (self->server_bound ? NULL : login);
}

gint64
peygir_store_count_users (PeygirStore  *self,
                          GError      **error)
{
  STORE_LOCK (self);
  return count_rows (self, "SELECT count(*) FROM users", error);
}

/* Agencies. */

/* 0 is the setting's default. */
static gboolean
check_response_days (int      days,
                     GError **error)
{
  if (days >= 0 && days <= 365)
    return TRUE;
  g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                       _("The days to answer must be between 1 and 365."));
  return FALSE;
}

#define AGENCY_COLUMNS "id, name, head_title, response_days, active"

static PeygirAgency *
agency_from_row (PeygirDbStatement *stmt)
{
  PeygirAgency *agency = g_new0 (PeygirAgency, 1);

  agency->id = peygir_db_column_int64 (stmt, 0);
  agency->name = peygir_db_column_dup (stmt, 1);
  agency->head_title = peygir_db_column_dup (stmt, 2);
  agency->response_days = peygir_db_column_int (stmt, 3);
  agency->active = peygir_db_column_int (stmt, 4);
  return agency;
}

PeygirAgency *
_peygir_store_read_agency (PeygirStore  *self,
                           gint64        id,
                           GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT " AGENCY_COLUMNS " FROM agencies WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, id);
  if (!_peygir_store_step_expect (self, stmt, PEYGIR_DB_ROW, error,
                                  PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                                  _("There is no agency number %" PRId64 "."), id))
    return NULL;
  return agency_from_row (stmt);
}

PeygirAgency *
peygir_store_add_agency (PeygirStore  *self,
                         const char   *actor_login,
                         const char   *name,
                         const char   *head_title,
                         int           response_days,
                         GError      **error)
{
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_title = NULL;
  g_autoptr(PeygirAgency) agency = NULL;
  gint64 actor_id;
  gboolean ok = FALSE;

  if (!peygir_text_validate (name, _("The agency’s name"), 300, FALSE, error) ||
      (head_title != NULL && !peygir_text_validate (head_title, _("The head’s title"), 300, FALSE, error)))
    return NULL;
  clean_name = peygir_text_sanitize (name, FALSE);
  if (*clean_name == '\0')
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING, _("An agency needs a name."));
      return NULL;
    }
  clean_title = head_title != NULL && *head_title != '\0'
                ? peygir_text_sanitize (head_title, FALSE)
                : g_strconcat ("رئیس محترم ", clean_name, NULL);
  if (!check_response_days (response_days, error))
    return NULL;

  STORE_LOCK (self);
  if (!_peygir_store_begin_admin (self, actor_login, &actor_id, error))
    return NULL;

  if (response_days == 0)
    response_days = _peygir_store_read_setting_int (self, PEYGIR_SETTING_RESPONSE_DAYS, DEFAULT_RESPONSE_DAYS);

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "INSERT INTO agencies (name, head_title, response_days) VALUES (?, ?, ?)", error);

    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, clean_name);
    peygir_db_bind_text (stmt, 2, clean_title);
    peygir_db_bind_int (stmt, 3, response_days);
    if (!_peygir_store_step_expect (self, stmt, PEYGIR_DB_DONE, error,
                                    PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                                    _("There is already an agency named “%s”."), clean_name))
      goto out;
  }

  agency = _peygir_store_read_agency (self, peygir_db_last_insert_id (self->db), error);
  ok = agency != NULL
       && _peygir_store_append_event (self, 0, peygir_clock_now (), actor_id, "agency_add", NULL, NULL, clean_name, error);

out:
  if (!_peygir_store_tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&agency);
}

/* An agency's name and head's title as given, checked and cleaned (NULL
 * in, NULL out: kept as they are). */
static gboolean
clean_agency_texts (const char  *name,
                    const char  *head_title,
                    char       **clean_name,
                    char       **clean_title,
                    GError     **error)
{
  *clean_name = *clean_title = NULL;
  if ((name != NULL && !peygir_text_validate (name, _("The agency’s name"), 300, FALSE, error)) ||
      (head_title != NULL && !peygir_text_validate (head_title, _("The head’s title"), 300, FALSE, error)))
    return FALSE;
  *clean_name = name != NULL ? g_strstrip (peygir_text_sanitize (name, FALSE)) : NULL;
  *clean_title = head_title != NULL ? g_strstrip (peygir_text_sanitize (head_title, FALSE)) : NULL;
  if ((*clean_name != NULL && **clean_name == '\0') || (*clean_title != NULL && **clean_title == '\0'))
    {
      g_clear_pointer (clean_name, g_free);
      g_clear_pointer (clean_title, g_free);
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING,
                   _("An agency needs a name and its head’s title."));
      return FALSE;
    }
  return TRUE;
}

/* Writes agency @id inside the caller's transaction: NULL texts and 0 days
 * keep theirs, @active -1 keeps it. The agency as saved, with the change's
 * event. */
static PeygirAgency *
write_agency (PeygirStore  *self,
              gint64        actor_id,
              gint64        id,
              const char   *name,
              const char   *head_title,
              int           response_days,
              int           active,
              GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
                       "UPDATE agencies SET name = coalesce (?2, name), head_title = coalesce (?3, head_title),"
                       " response_days = CASE WHEN ?4 > 0 THEN ?4 ELSE response_days END,"
                       " active = CASE WHEN ?5 >= 0 THEN ?5 ELSE active END WHERE id = ?1", error);
  g_autoptr(PeygirAgency) agency = NULL;

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, id);
  peygir_db_bind_text (stmt, 2, name);
  peygir_db_bind_text (stmt, 3, head_title);
  peygir_db_bind_int (stmt, 4, response_days);
  peygir_db_bind_int (stmt, 5, active < 0 ? -1 : (active ? 1 : 0));
  if (!_peygir_store_step_expect (self, stmt, PEYGIR_DB_DONE, error,
                                  PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                                  _("There is already an agency named “%s”."), name))
    return NULL;

  agency = _peygir_store_read_agency (self, id, error);
  if (agency == NULL
      || !_peygir_store_append_event (self, 0, peygir_clock_now (), actor_id, "agency_change", NULL, NULL, agency->name, error))
    return NULL;
  return g_steal_pointer (&agency);
}

PeygirAgency *
peygir_store_update_agency (PeygirStore  *self,
                            const char   *actor_login,
                            gint64        id,
                            const char   *name,
                            const char   *head_title,
                            int           response_days,
                            int           active,
                            GError      **error)
{
  g_autoptr(PeygirAgency) before = NULL;
  g_autoptr(PeygirAgency) agency = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_title = NULL;
  gint64 actor_id;

  if (!clean_agency_texts (name, head_title, &clean_name, &clean_title, error) ||
      !check_response_days (response_days, error))
    return NULL;

  STORE_LOCK (self);
  if (!_peygir_store_begin_admin (self, actor_login, &actor_id, error))
    return NULL;
  before = _peygir_store_read_agency (self, id, error);
  if (before != NULL)
    agency = write_agency (self, actor_id, id, clean_name, clean_title, response_days, active, error);
  if (!_peygir_store_tx_end (self, agency != NULL, error))
    return NULL;
  return g_steal_pointer (&agency);
}

PeygirAgency *
peygir_store_change_agency (PeygirStore         *self,
                            const char          *actor_login,
                            const PeygirAgency  *was,
                            const PeygirAgency  *now,
                            GError             **error)
{
  g_autoptr(PeygirAgency) before = NULL;
  g_autoptr(PeygirAgency) agency = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_title = NULL;
  gint64 actor_id;

  g_return_val_if_fail (was != NULL && now != NULL, NULL);

  if (!clean_agency_texts (now->name != NULL ? now->name : "", now->head_title != NULL ? now->head_title : "",
                           &clean_name, &clean_title, error))
    return NULL;
  /* an agency's own days, not the setting's default */
  if (!check_response_days (now->response_days > 0 ? now->response_days : -1, error))
    return NULL;

  STORE_LOCK (self);
  if (!_peygir_store_begin_admin (self, actor_login, &actor_id, error))
    return NULL;
  before = _peygir_store_read_agency (self, was->id, error);
  if (before == NULL)
    goto out;
  if (g_strcmp0 (before->name, was->name) != 0
      || g_strcmp0 (before->head_title, was->head_title) != 0
      || before->response_days != was->response_days
      || !before->active != !was->active)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT,
                   _("Another desk changed “%s” meanwhile: look again and redo your change."),
                   before->name);
      goto out;
    }
  agency = write_agency (self, actor_id, was->id, clean_name, clean_title, now->response_days,
                         now->active ? 1 : 0, error);

out:
  if (!_peygir_store_tx_end (self, agency != NULL, error))
    return NULL;
  return g_steal_pointer (&agency);
}

PeygirAgency *
peygir_store_get_agency (PeygirStore  *self,
                         gint64        id,
                         GError      **error)
{
  STORE_LOCK (self);
  return _peygir_store_read_agency (self, id, error);
}

GPtrArray *
peygir_store_list_agencies (PeygirStore  *self,
                            GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT " AGENCY_COLUMNS " FROM agencies ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  return _peygir_store_collect_rows (self, stmt, (RowFunc) agency_from_row, (GDestroyNotify) peygir_agency_free, error);
}

int
_peygir_store_read_response_days (PeygirStore        *self,
                                  const PeygirAgency *agency)
{
  if (agency != NULL && agency->response_days > 0)
    return agency->response_days;
  return _peygir_store_read_setting_int (self, PEYGIR_SETTING_RESPONSE_DAYS, DEFAULT_RESPONSE_DAYS);
}

int
peygir_store_get_response_days (PeygirStore        *self,
                                const PeygirAgency *agency)
{
  g_return_val_if_fail (PEYGIR_IS_STORE (self), DEFAULT_RESPONSE_DAYS);

  STORE_LOCK (self);
  return _peygir_store_read_response_days (self, agency);
}

/* Settings. */

typedef struct
{
  const char *key;
  const char *value;
  gboolean    is_number;   /* a positive whole number; otherwise a text */
  gboolean    multiline;
  const char *choices;     /* "a|b": the only values it takes; NULL: any text */
} SettingDefault;

static const SettingDefault setting_defaults[] = {
  { PEYGIR_SETTING_SERVICE_DAYS,      "15",       TRUE },
  { PEYGIR_SETTING_RESPONSE_DAYS,     "7",        TRUE },
  { PEYGIR_SETTING_DOCUMENT_MAX,      "20971520", TRUE },
  { PEYGIR_SETTING_REPORT_RANK_MINIMUM, "5",      TRUE },
  { PEYGIR_SETTING_COUNTRY,           "جمهوری اسلامی ایران" },
  { PEYGIR_SETTING_MINISTRY,          "وزارت کشور" },
  { PEYGIR_SETTING_GOVERNORATE,       "استانداری" },
  { PEYGIR_SETTING_OFFICE,            "دفتر مدیریت عملکرد، بازرسی و امور حقوقی" },
  { PEYGIR_SETTING_OFFICE_PHONE,      "" },
  { PEYGIR_SETTING_OFFICE_ADDRESS,    "" },
  { PEYGIR_SETTING_SIGNER_TITLE,      "مدیر دفتر مدیریت عملکرد، بازرسی و امور حقوقی" },
  { PEYGIR_SETTING_TEMPLATE_REFERRAL, "", FALSE, TRUE },
  { PEYGIR_SETTING_TEMPLATE_REMINDER, "", FALSE, TRUE },
  { PEYGIR_SETTING_TEMPLATE_RECEIPT,  "", FALSE, TRUE },
  { PEYGIR_SETTING_TEMPLATE_ANSWER,   "", FALSE, TRUE },
  { PEYGIR_SETTING_REMINDER_SIGNER,   "manager", FALSE, FALSE, "manager|expert" },
  /* "done" for a database older than the setting; a new one starts at
   * "welcome" (_peygir_store_seed_new_database) */
  { PEYGIR_SETTING_SETUP_STEP,        "done", FALSE, FALSE,
    "welcome|letterhead|profile|agencies|colleagues|holidays|done" },
};

const char * const *
peygir_store_setting_keys (void)
{
  static const char *keys[G_N_ELEMENTS (setting_defaults) + 1];

  if (keys[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (setting_defaults); i++)
      keys[i] = setting_defaults[i].key;
  return keys;
}

static const SettingDefault *
find_setting (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (setting_defaults); i++)
    if (g_strcmp0 (setting_defaults[i].key, key) == 0)
      return &setting_defaults[i];
  return NULL;
}

char *
_peygir_store_read_setting (PeygirStore  *self,
                            const char   *key,
                            GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT value FROM settings WHERE key = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_text (stmt, 1, key);
  rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW)
    return peygir_db_column_dup (stmt, 0);
  if (rc != PEYGIR_DB_DONE)
    {
      peygir_db_set_error (self->db, error);
      return NULL;
    }

  if (find_setting (key) != NULL)
    return g_strdup (find_setting (key)->value);

  g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
               _("There is no setting “%s”."), key);
  return NULL;
}

int
_peygir_store_read_setting_int (PeygirStore *self,
                                const char  *key,
                                int          fallback)
{
  g_autofree char *value = _peygir_store_read_setting (self, key, NULL);
  gint64 n;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT, &n, NULL))
    return fallback;
  return (int) n;
}

char *
peygir_store_get_setting (PeygirStore  *self,
                          const char   *key,
                          GError      **error)
{
  STORE_LOCK (self);
  return _peygir_store_read_setting (self, key, error);
}

int
peygir_store_get_setting_int (PeygirStore *self,
                              const char  *key,
                              int          fallback)
{
  STORE_LOCK (self);
  return _peygir_store_read_setting_int (self, key, fallback);
}

/* Sets @key to @value; with @check, only while it still holds @was. */
static gboolean
write_setting (PeygirStore  *self,
               const char   *actor_login,
               const char   *key,
               gboolean      check,
               const char   *was,
               const char   *value,
               GError      **error)
{
  const SettingDefault *setting = find_setting (key);
  gint64 actor_id;
  gboolean ok = FALSE;
  gint64 n;

  if (setting == NULL)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                   _("There is no setting “%s”."), key);
      return FALSE;
    }
  if (setting->choices != NULL)
    {
      g_auto(GStrv) choices = g_strsplit (setting->choices, "|", -1);

      if (value == NULL || !g_strv_contains ((const char * const *) choices, value))
        {
          g_autofree char *listed = g_strjoinv (", ", choices);

          g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                       _("The setting “%s” takes one of: %s."), key, listed);
          return FALSE;
        }
    }
  else if (setting->is_number
      ? (value == NULL || !g_ascii_string_to_signed (value, 10, 1, G_MAXINT, &n, NULL))
      : !peygir_text_validate (value, key, 20000, setting->multiline, error))
    {
      if (setting->is_number)
        g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                     _("The setting “%s” must be a positive whole number."), key);
      return FALSE;
    }

  STORE_LOCK (self);
  if (!_peygir_store_begin_admin (self, actor_login, &actor_id, error))
    return FALSE;
  if (check)
    {
      g_autofree char *current = _peygir_store_read_setting (self, key, error);

      if (current == NULL)
        return _peygir_store_tx_end (self, FALSE, error);
      if (g_strcmp0 (current, was) != 0)
        {
          g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT,
                       _("Another desk changed this setting meanwhile: look again and redo your change."));
          return _peygir_store_tx_end (self, FALSE, error);
        }
    }
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "INSERT INTO settings (key, value) VALUES (?, ?)"
                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
    g_autofree char *note = g_strdup_printf ("%s = %s", key, value);

    if (stmt != NULL)
      {
        peygir_db_bind_text (stmt, 1, key);
        peygir_db_bind_text (stmt, 2, value);
        ok = peygir_db_step_done (stmt, error)
             && _peygir_store_append_event (self, 0, peygir_clock_now (), actor_id, "setting", NULL, NULL, note, error);
      }
  }
  return _peygir_store_tx_end (self, ok, error);
}

gboolean
peygir_store_set_setting (PeygirStore  *self,
                          const char   *actor_login,
                          const char   *key,
                          const char   *value,
                          GError      **error)
{
  return write_setting (self, actor_login, key, FALSE, NULL, value, error);
}

gboolean
peygir_store_change_setting (PeygirStore  *self,
                             const char   *actor_login,
                             const char   *key,
                             const char   *was,
                             const char   *value,
                             GError      **error)
{
  return write_setting (self, actor_login, key, TRUE, was, value, error);
}

/* A new database: the default settings, holidays and agencies. */

gboolean
_peygir_store_seed_new_database (PeygirStore  *self,
                                 GError      **error)
{
  guint n_holidays;
  const PeygirSolarHoliday *holidays = peygir_default_solar_holidays (&n_holidays);
  g_autoptr(GBytes) agencies = NULL;
  int response_days = DEFAULT_RESPONSE_DAYS;

  for (guint i = 0; i < G_N_ELEMENTS (setting_defaults); i++)
    {
      g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "INSERT INTO settings (key, value) VALUES (?, ?)", error);

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_text (stmt, 1, setting_defaults[i].key);
      /* a new office is walked through setting itself up */
      peygir_db_bind_text (stmt, 2, g_str_equal (setting_defaults[i].key, PEYGIR_SETTING_SETUP_STEP)
                                    ? "welcome" : setting_defaults[i].value);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < n_holidays; i++)
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->db, "INSERT INTO holidays (persian_month, persian_day, name) VALUES (?, ?, ?)", error);

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_int (stmt, 1, holidays[i].month);
      peygir_db_bind_int (stmt, 2, holidays[i].day);
      peygir_db_bind_text (stmt, 3, holidays[i].name);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }

  /* The lunar holidays of every year Peygir ships, as published. */
  {
    int first, last;

    peygir_official_holiday_years (&first, &last);
    for (int year = first; year <= last; year++)
      if (_peygir_store_write_official_holidays (self, year, error) < 0)
        return FALSE;
  }

  /* The province's agencies, one "name<TAB>head title" a line. */
  agencies = g_resource_lookup_data (peygir_core_get_resource (),
                                     "/ir/gov/peygir/core/default-agencies.tsv",
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (agencies != NULL)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (agencies, NULL), g_bytes_get_size (agencies));
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 2);
          g_autoptr(PeygirDbStatement) stmt = NULL;

          if (fields[0] == NULL || *g_strstrip (fields[0]) == '\0' || fields[0][0] == '#')
            continue;
          stmt = peygir_db_prepare (self->db, "INSERT INTO agencies (name, head_title, response_days) VALUES (?, ?, ?)"
                                    " ON CONFLICT DO NOTHING", error);
          if (stmt == NULL)
            return FALSE;
          peygir_db_bind_text (stmt, 1, fields[0]);
          if (fields[1] != NULL && *g_strstrip (fields[1]) != '\0')
            peygir_db_bind_text (stmt, 2, fields[1]);
          else
            peygir_db_bind_text_take (stmt, 2, g_strconcat ("رئیس محترم ", fields[0], NULL));
          peygir_db_bind_int (stmt, 3, response_days);
          if (!peygir_db_step_done (stmt, error))
            return FALSE;
        }
    }

  return _peygir_store_append_event (self, 0, peygir_clock_now (), 0, "init", NULL, NULL, NULL, error);
}
