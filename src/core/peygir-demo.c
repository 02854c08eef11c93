/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-demo"

#include "peygir-clock.h"
#include "peygir-date.h"
#include "peygir-demo.h"
#include "peygir-text.h"
#include "peygir-workflow.h"

#define BATCH_SIZE 2000
/* On a server every update of a count's row in one transaction leaves a
 * version the next one walks past: shorter transactions there. */
#define SERVER_BATCH_SIZE 200
#define HOUR       3600
#define DAY        (24 * HOUR)

typedef struct
{
  const char *login;
  const char *name;
  PeygirRoles roles;
} DemoUser;

static const DemoUser demo_users[] = {
  { "karimi",    "مریم کریمی",      PEYGIR_ROLE_EXPERT },
  { "ahmadi",    "علی احمدی",       PEYGIR_ROLE_EXPERT },
  { "rezaei",    "زهرا رضایی",      PEYGIR_ROLE_EXPERT },
  { "hosseini",  "محمد حسینی",      PEYGIR_ROLE_EXPERT },
  { "moradi",    "فاطمه مرادی",     PEYGIR_ROLE_EXPERT },
  { "sadeghi",   "حسن صادقی",       PEYGIR_ROLE_MANAGER },
  { "jafari",    "رضا جعفری",       PEYGIR_ROLE_SECRETARIAT },
  { "ghasemi",   "لیلا قاسمی",      PEYGIR_ROLE_SECRETARIAT },
};

static const char * const first_names[] = {
  "محمد", "علی", "حسین", "رضا", "مهدی", "امیر", "حسن", "سعید", "مجید", "جواد",
  "فاطمه", "زهرا", "مریم", "سمیه", "لیلا", "نرگس", "معصومه", "الهام", "سارا", "ژیلا",
  "ابوالفضل", "یوسف", "کاظم", "اکبر", "پروین", "منیژه", "کبری", "اسماعیل", "بهروز", "شهلا",
};

static const char * const last_names[] = {
  "محمدی", "حسینی", "احمدی", "رضایی", "موسوی", "کریمی", "جعفری", "صادقی", "قاسمی", "رحیمی",
  "نوری", "کاظمی", "اکبری", "مرادی", "عباسی", "سلیمانی", "یوسفی", "شریفی", "طاهری", "زارعی",
  "نجفی", "بهرامی", "کرمانی", "اصفهانی", "تهرانی", "امیری", "خسروی", "فرهادی", "میرزایی", "ملکی",
};

typedef struct
{
  PeygirCategory category;
  const char    *subject;
  const char    *description;
} DemoSubject;

static const DemoSubject subjects[] = {
  { PEYGIR_CATEGORY_EDUCATION, "عدم ثبت‌نام فرزند در مدرسه محل سکونت",
    "با وجود مراجعه مکرر به مدرسه و اداره آموزش و پرورش ناحیه، از ثبت‌نام فرزندم در مدرسه نزدیک محل سکونت خودداری می‌شود و گفته می‌شود ظرفیت تکمیل است." },
  { PEYGIR_CATEGORY_EDUCATION, "دریافت شهریه غیرقانونی در مدرسه دولتی",
    "مدرسه دولتی از اولیای دانش‌آموزان مبلغی به عنوان کمک به مدرسه به صورت اجباری دریافت می‌کند و بدون پرداخت آن کارنامه تحویل نمی‌شود." },
  { PEYGIR_CATEGORY_HEALTH, "تأخیر در نوبت‌دهی بیمارستان دولتی",
    "برای عمل جراحی پدرم بیش از چهار ماه است که در نوبت هستیم و هر بار مراجعه می‌کنیم نوبت به تعویق می‌افتد." },
  { PEYGIR_CATEGORY_HEALTH, "برخورد نامناسب کارکنان مرکز بهداشت",
    "در مراجعه به مرکز بهداشت برای واکسیناسیون فرزندم با برخورد نامناسب یکی از کارکنان روبه‌رو شدم و خدمت ارائه نشد." },
  { PEYGIR_CATEGORY_UTILITIES, "قطعی مکرر آب در محله",
    "در هفته‌های اخیر آب محله ما هر روز چند ساعت قطع می‌شود و هیچ اطلاع‌رسانی قبلی انجام نمی‌گیرد." },
  { PEYGIR_CATEGORY_UTILITIES, "صدور قبض برق با مبلغ غیرعادی",
    "قبض برق این دوره چند برابر دوره‌های قبل صادر شده در حالی که مصرف ما تغییری نکرده است و درخواست بازبینی کنتور پاسخ داده نشده است." },
  { PEYGIR_CATEGORY_UTILITIES, "عدم واگذاری انشعاب گاز",
    "با وجود پرداخت هزینه انشعاب گاز از یک سال پیش، هنوز انشعاب واگذار نشده و پیگیری‌ها بی‌نتیجه مانده است." },
  { PEYGIR_CATEGORY_SOCIAL_SECURITY, "تأخیر در پرداخت مستمری",
    "مستمری دو ماه اخیر به حساب اینجانب واریز نشده و شعبه تأمین اجتماعی پاسخ روشنی نمی‌دهد." },
  { PEYGIR_CATEGORY_TAX, "اعتراض به برگ تشخیص مالیات",
    "برگ تشخیص مالیات عملکرد واحد صنفی اینجانب بدون توجه به اسناد ارائه‌شده و با مبلغی بیش از درآمد واقعی صادر شده است." },
  { PEYGIR_CATEGORY_PROPERTY, "تأخیر در صدور سند مالکیت",
    "پرونده صدور سند تک‌برگ ملک مسکونی اینجانب بیش از شش ماه است که در اداره ثبت اسناد بدون اقدام مانده است." },
  { PEYGIR_CATEGORY_DOCUMENTS, "عدم صدور کارت ملی هوشمند",
    "دو سال پیش برای کارت ملی هوشمند ثبت‌نام کرده‌ام و هنوز کارت صادر نشده است و اداره ثبت احوال علت را اعلام نمی‌کند." },
  { PEYGIR_CATEGORY_BIRTH, "مشکل در صدور شناسنامه نوزاد",
    "به دلیل اختلاف در گواهی ولادت بیمارستان، از صدور شناسنامه نوزاد خودداری می‌شود." },
  { PEYGIR_CATEGORY_RETIREMENT, "محاسبه نادرست حقوق بازنشستگی",
    "سوابق خدمت اینجانب در محاسبه حقوق بازنشستگی به طور کامل لحاظ نشده و درخواست اصلاح بی‌پاسخ مانده است." },
  { PEYGIR_CATEGORY_MARRIAGE, "عدم پرداخت وام ازدواج",
    "با وجود تکمیل مدارک و معرفی به بانک، وام ازدواج پس از پنج ماه پرداخت نشده است." },
  { PEYGIR_CATEGORY_INSURANCE, "عدم پذیرش دفترچه بیمه در داروخانه",
    "داروخانه‌های طرف قرارداد بیمه سلامت از پذیرش نسخه با دفترچه بیمه خودداری می‌کنند." },
  { PEYGIR_CATEGORY_BUSINESS, "تأخیر در صدور پروانه کسب",
    "درخواست صدور پروانه کسب واحد تولیدی اینجانب با وجود تکمیل مدارک بیش از سه ماه است که معطل مانده است." },
  { PEYGIR_CATEGORY_BUSINESS, "عدم پاسخگویی در سامانه مجوزها",
    "درخواست مجوز فعالیت در سامانه ثبت شده اما دستگاه مربوط در مهلت قانونی پاسخ نداده است." },
  { PEYGIR_CATEGORY_DEATH, "تأخیر در صدور گواهی انحصار وراثت",
    "پس از فوت پدرم، صدور گواهی‌های لازم برای انحصار وراثت در اداره مربوط به تأخیر افتاده است." },
  { PEYGIR_CATEGORY_OTHER, "خرابی آسفالت معابر محله",
    "آسفالت خیابان اصلی محله ما پس از حفاری شرکت خدماتی ترمیم نشده و رفت و آمد را دشوار کرده است." },
  { PEYGIR_CATEGORY_OTHER, "عدم جمع‌آوری پسماند",
    "پسماند محله چند روز است که جمع‌آوری نمی‌شود و بوی نامطبوع و خطر بیماری ایجاد کرده است." },
};

static const char * const answers[] = {
  "موضوع بررسی و مشکل برطرف گردید. نتیجه به اطلاع متقاضی رسید.",
  "پس از بررسی، درخواست متقاضی در نوبت اقدام قرار گرفت و ظرف دو هفته انجام می‌شود.",
  "با توجه به ضوابط، امکان انجام درخواست وجود ندارد؛ دلایل آن کتباً به متقاضی اعلام شد.",
  "کارشناس مربوط از محل بازدید کرد و دستور رفع مشکل صادر شد.",
  "مبلغ دریافتی مازاد به حساب متقاضی مسترد گردید.",
};

static const char * const reject_reasons[] = {
  "موضوع در صلاحیت این دفتر نیست و به مرجع قضایی مربوط است.",
  "مدارک ارائه‌شده برای رسیدگی کافی نیست.",
  "موضوع پیش‌تر رسیدگی و پاسخ داده شده است.",
};

/* A valid national ID: nine random digits and their check digit. */
static char *
random_national_id (GRand *rand)
{
  char id[11];
  int sum = 0, r;

  do
    {
      sum = 0;
      for (int i = 0; i < 9; i++)
        {
          id[i] = '0' + g_rand_int_range (rand, 0, 10);
          sum += (id[i] - '0') * (10 - i);
        }
      r = sum % 11;
      id[9] = '0' + (r < 2 ? r : 11 - r);
      id[10] = '\0';
    }
  while (!peygir_national_id_is_valid (id));
  return g_strdup (id);
}

static char *
random_mobile (GRand *rand)
{
  return g_strdup_printf ("09%d%07d", g_rand_int_range (rand, 10, 40), g_rand_int_range (rand, 0, 10000000));
}

static gboolean
ensure_people (PeygirStore  *store,
               GPtrArray   **agencies,
               gint64        user_ids[],
               GError      **error)
{
  g_autoptr(GPtrArray) users = peygir_store_list_users (store, error);

  if (users == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(PeygirUser) user = peygir_store_add_user (store, NULL, demo_users[i].login, demo_users[i].name,
                                                         demo_users[i].roles, &local_error);

      if (user == NULL && !g_error_matches (local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (user == NULL)
        user = peygir_store_find_user (store, demo_users[i].login, error);
      if (user == NULL)
        return FALSE;
      user_ids[i] = user->id;
    }

  /* a demonstration office is one already set up: no first start */
  if (!peygir_store_set_setting (store, NULL, PEYGIR_SETTING_SETUP_STEP, "done", error))
    return FALSE;

  *agencies = peygir_store_list_agencies (store, error);
  if (*agencies == NULL)
    return FALSE;
  if ((*agencies)->len == 0)
    {
      static const char * const names[] = {
        "اداره کل آموزش و پرورش استان", "شرکت آب و فاضلاب استان", "شرکت توزیع نیروی برق استان",
        "دانشگاه علوم پزشکی استان", "اداره کل تأمین اجتماعی استان",
      };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          PeygirAgency *agency = peygir_store_add_agency (store, NULL, names[i], NULL, 0, error);

          if (agency == NULL)
            return FALSE;
          g_ptr_array_add (*agencies, agency);
        }
    }
  return TRUE;
}

/* What every case of a fill shares. */
typedef struct
{
  PeygirStore *store;
  PeygirBulk  *bulk;        /* NULL: through the actions */
  GRand       *rand;
  GPtrArray   *agencies;
  gint64       user_ids[G_N_ELEMENTS (demo_users)];
} DemoFill;

typedef struct
{
  DemoFill    *fill;
  GRand       *rand;
  GPtrArray   *agencies;
  gint64       case_id;
  gint64       at;
  PeygirChannel channel;   /* of the next follow-up or contact */
  PeygirCase  *owned;      /* the case as an action returned it (through the actions) */
  const PeygirCase *kase;  /* as the last action left it */
  gint64       step_gap;   /* between two steps, so that none lies in the future */
} DemoCase;

/* Takes @request: through the bulk path, or as its own action. */
static gboolean
take (DemoCase                  *demo,
      const PeygirActionRequest *request,
      GError                   **error)
{
  if (demo->fill->bulk != NULL)
    {
      demo->kase = peygir_bulk_act (demo->fill->bulk, request, error);
      return demo->kase != NULL;
    }
  g_clear_pointer (&demo->owned, peygir_case_free);
  demo->kase = demo->owned = peygir_store_apply_action (demo->fill->store, request, error);
  return demo->kase != NULL;
}

static const char *
pick_user (DemoCase    *demo,
           PeygirRoles  role)
{
  const char *candidates[G_N_ELEMENTS (demo_users)];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    if (demo_users[i].roles & role)
      candidates[n++] = demo_users[i].login;
  return candidates[g_rand_int_range (demo->rand, 0, n)];
}

/* The login of the expert who holds the case, or NULL. */
static const char *
holder_login (DemoCase *demo)
{
  if (demo->kase == NULL || demo->kase->expert_name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    if (g_str_equal (demo_users[i].name, demo->kase->expert_name))
      return demo_users[i].login;
  return NULL;
}

/* Takes one action, some hours or days after the previous one; the case
 * as it left it replaces demo->kase. */
static gboolean
act (DemoCase      *demo,
     PeygirAction   action,
     PeygirRoles    role,
     const char    *note,
     gint64         referral_id,
     const gint64  *agency_ids,
     guint          n_agency_ids,
     gint64         delay,
     GError       **error)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  demo->at += delay;
  request.case_id = demo->case_id;
  request.action = action;
  /* the expert who holds the case works it */
  request.actor_login = role == PEYGIR_ROLE_EXPERT ? holder_login (demo) : NULL;
  if (request.actor_login == NULL)
    request.actor_login = pick_user (demo, role);
  request.note = note;
  request.referral_id = referral_id;
  request.agency_ids = agency_ids;
  request.n_agency_ids = n_agency_ids;
  request.channel = demo->channel != PEYGIR_CHANNEL_NONE ? demo->channel : PEYGIR_CHANNEL_PHONE;
  request.at = demo->at;
  return take (demo, &request, error);
}

#define ACT(action, role, note, referral, agencies, n, delay) \
  G_STMT_START { \
    if (!act (demo, action, role, note, referral, agencies, n, delay, error)) \
      return FALSE; \
  } G_STMT_END

/* @assignee comes to hold the case, by @actor's assignment. */
static gboolean
assign (DemoCase    *demo,
        const char  *actor,
        const char  *assignee,
        gint64       delay,
        GError     **error)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  demo->at += delay;
  request.case_id = demo->case_id;
  request.action = PEYGIR_ACTION_ASSIGN;
  request.actor_login = actor;
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    if (g_str_equal (demo_users[i].login, assignee))
      request.assignee_id = demo->fill->user_ids[i];
  request.at = demo->at;
  return take (demo, &request, error);
}

/* A case the secretariat took in waits for an expert: the manager assigns
 * it, or an expert takes it for themselves. */
static gboolean
take_or_assign (DemoCase  *demo,
                GError   **error)
{
  const char *expert = pick_user (demo, PEYGIR_ROLE_EXPERT);

  if (g_rand_boolean (demo->rand))
    return assign (demo, pick_user (demo, PEYGIR_ROLE_MANAGER), expert, demo->step_gap / 8, error);
  return assign (demo, expert, expert, demo->step_gap / 8, error);
}

/* Now and then the manager gives a case to another expert (leave, load). */
static gboolean
maybe_reassign (DemoCase  *demo,
                GError   **error)
{
  const char *holder = holder_login (demo);
  const char *other = pick_user (demo, PEYGIR_ROLE_EXPERT);

  if (g_rand_int_range (demo->rand, 0, 12) != 0 || g_strcmp0 (holder, other) == 0)
    return TRUE;
  return assign (demo, pick_user (demo, PEYGIR_ROLE_MANAGER), other, HOUR, error);
}

/* Where a demo case stops: every state of the workflow, with overdue
 * referrals, follow-ups, rejections and reopened cases among them. */
typedef enum
{
  TARGET_RECEIVED,
  TARGET_IN_REVIEW,
  TARGET_REGISTERED,
  TARGET_WITH_MANAGER,
  TARGET_APPROVED,
  TARGET_DISPATCHED,
  TARGET_FOLLOWED_UP,
  TARGET_ANSWERED,
  TARGET_CLOSED,
  TARGET_REJECTED,
  TARGET_REJECTED_CLOSED,
  TARGET_REOPENED,
} Target;

static Target
pick_target (GRand  *rand,
             gint64  age_days)
{
  int dice = g_rand_int_range (rand, 0, 100);

  /* young cases have not gone far yet */
  if (age_days < 3)
    return g_rand_int_range (rand, TARGET_RECEIVED, TARGET_REGISTERED + 1);
  if (dice < 4)   return TARGET_RECEIVED;
  if (dice < 9)   return TARGET_IN_REVIEW;
  if (dice < 15)  return TARGET_REGISTERED;
  if (dice < 20)  return TARGET_WITH_MANAGER;
  if (dice < 24)  return TARGET_APPROVED;
  if (dice < 33)  return TARGET_DISPATCHED;
  if (dice < 37)  return TARGET_FOLLOWED_UP;
  if (dice < 45)  return TARGET_ANSWERED;
  if (dice < 49)  return TARGET_REJECTED;
  if (dice < 55)  return TARGET_REJECTED_CLOSED;
  if (dice < 57)  return TARGET_REOPENED;
  return TARGET_CLOSED;
}

/* The applicant and the complaint, drawn at random. */
static void
fill_draft (PeygirCaseDraft    *draft,
            GRand              *rand,
            const DemoSubject  *subject,
            const PeygirAgency *agency,
            gint64              received_at)
{
  draft->kind = g_rand_int_range (rand, 0, 10) < 8 ? PEYGIR_KIND_COMPLAINT : PEYGIR_KIND_REQUEST;
  draft->applicant.type = g_rand_int_range (rand, 0, 20) == 0 ? PEYGIR_APPLICANT_BUSINESS : PEYGIR_APPLICANT_CITIZEN;
  draft->applicant.name = g_strdup_printf ("%s %s",
                                           first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
                                           last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
  draft->applicant.national_id = random_national_id (rand);
  draft->applicant.mobile = random_mobile (rand);
  draft->applicant.address = g_strdup_printf ("خیابان %s، کوچه %d، پلاک %d",
                                              last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))],
                                              g_rand_int_range (rand, 1, 40), g_rand_int_range (rand, 1, 200));
  draft->subject = g_strdup (subject->subject);
  draft->description = g_strdup (subject->description);
  draft->category = subject->category;
  draft->agency_id = agency->id;
  draft->channel = g_rand_int_range (rand, 0, 5) == 0 ? PEYGIR_CHANNEL_SAMAD : PEYGIR_CHANNEL_IN_PERSON;
  if (draft->channel == PEYGIR_CHANNEL_SAMAD)
    draft->samad_code = g_strdup_printf ("%d", g_rand_int_range (rand, 10000000, 99999999));
  draft->received_on = peygir_day_from_unix (received_at);
}

/* The case's agency, and now and then a second one; how many. */
static guint
pick_agencies (DemoCase           *demo,
               const PeygirAgency *agency,
               gint64              agency_ids[2])
{
  guint n_agencies = 1;

  agency_ids[0] = agency->id;
  if (g_rand_int_range (demo->rand, 0, 8) == 0 && demo->agencies->len > 1)
    {
      PeygirAgency *second = g_ptr_array_index (demo->agencies, g_rand_int_range (demo->rand, 0, demo->agencies->len));

      if (second->id != agency->id)
        agency_ids[n_agencies++] = second->id;
    }
  return n_agencies;
}

static gboolean
reject (DemoCase  *demo,
        Target     target,
        GError   **error)
{
  ACT (PEYGIR_ACTION_REJECT, PEYGIR_ROLE_EXPERT,
       reject_reasons[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (reject_reasons))], 0, NULL, 0, demo->step_gap);
  if (target == TARGET_REJECTED_CLOSED)
    ACT (PEYGIR_ACTION_NOTIFY, PEYGIR_ROLE_EXPERT, "نتیجه تلفنی به متقاضی اعلام شد.", 0, NULL, 0, demo->step_gap);
  return TRUE;
}

/* The answer did not come in time: follow up once the deadline has
 * passed, if it has by @now. */
static gboolean
follow_up (DemoCase  *demo,
           gint64     now,
           GError   **error)
{
  PeygirReferral *referral = g_ptr_array_index (demo->kase->referrals, demo->kase->referrals->len - 1);
  gint64 after_due = peygir_day_to_unix (referral->due) + 2 * DAY;
  gint64 referral_id = referral->id;  /* ACT frees the case it came from */
  gboolean by_letter;

  if (after_due + HOUR >= now)
    return TRUE;

  /* every other case by a reminder letter, signed by the manager and sent
   * by the secretariat the days after */
  by_letter = demo->case_id % 2 == 0 && after_due + 4 * DAY < now;
  demo->at = MAX (demo->at, after_due);
  demo->channel = by_letter ? PEYGIR_CHANNEL_MAIL : PEYGIR_CHANNEL_PHONE;
  ACT (PEYGIR_ACTION_FOLLOW_UP, PEYGIR_ROLE_EXPERT,
       by_letter ? "با توجه به گذشت مهلت مقرر، خواهشمند است نتیجه رسیدگی را به فوریت اعلام فرمایید."
                 : "با دستگاه تماس گرفته شد و پاسخ تا پایان هفته وعده داده شد.",
       referral_id, NULL, 0, HOUR);
  demo->channel = PEYGIR_CHANNEL_NONE;
  if (by_letter)
    {
      ACT (PEYGIR_ACTION_APPROVE_REMINDER, PEYGIR_ROLE_MANAGER, NULL, referral_id, NULL, 0, DAY);
      ACT (PEYGIR_ACTION_DISPATCH, PEYGIR_ROLE_SECRETARIAT, NULL, referral_id, NULL, 0, DAY);
    }
  return TRUE;
}

/* Each agency answers; then the applicant is told, and the case may be
 * reopened. */
static gboolean
answer_and_close (DemoCase  *demo,
                  Target     target,
                  guint      n_agencies,
                  GError   **error)
{
  for (guint i = 0; i < n_agencies; i++)
    {
      PeygirReferral *referral = g_ptr_array_index (demo->kase->referrals, demo->kase->referrals->len - n_agencies + i);
      gint64 referral_id = referral->id;  /* ACT frees the case it came from */

      ACT (PEYGIR_ACTION_ANSWER, PEYGIR_ROLE_SECRETARIAT,
           answers[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (answers))], referral_id, NULL, 0, demo->step_gap);
    }
  if (target == TARGET_ANSWERED)
    return TRUE;
  ACT (PEYGIR_ACTION_NOTIFY, PEYGIR_ROLE_EXPERT, "نتیجه به صورت تلفنی به متقاضی اعلام شد.", 0, NULL, 0, demo->step_gap / 2);
  if (target == TARGET_CLOSED)
    return TRUE;
  ACT (PEYGIR_ACTION_REOPEN, PEYGIR_ROLE_MANAGER, "متقاضی به پاسخ دستگاه اعتراض کرد.", 0, NULL, 0, demo->step_gap / 4);
  return TRUE;
}

/* Takes the case in and along the workflow as far as @target. */
static gboolean
run_to_target (DemoCase            *demo,
               Target               target,
               const PeygirAgency  *agency,
               gint64               now,
               GError             **error)
{
  gint64 agency_ids[2];
  guint n_agencies;

  if (target == TARGET_RECEIVED)
    return TRUE;
  if (demo->kase->expert_id == 0 && !take_or_assign (demo, error))
    return FALSE;
  ACT (PEYGIR_ACTION_REVIEW, PEYGIR_ROLE_EXPERT, NULL, 0, NULL, 0, demo->step_gap / 4);
  if (target == TARGET_IN_REVIEW)
    return TRUE;
  if (target == TARGET_REJECTED || target == TARGET_REJECTED_CLOSED)
    return reject (demo, target, error);
  ACT (PEYGIR_ACTION_REGISTER, PEYGIR_ROLE_SECRETARIAT, NULL, 0, NULL, 0, demo->step_gap / 2);
  if (!maybe_reassign (demo, error))
    return FALSE;
  if (target == TARGET_REGISTERED)
    return TRUE;

  n_agencies = pick_agencies (demo, agency, agency_ids);
  ACT (PEYGIR_ACTION_REFER, PEYGIR_ROLE_EXPERT,
       "احتراماً، شکایت پیوست جهت رسیدگی و اعلام نتیجه ارسال می‌گردد.", 0, agency_ids, n_agencies, demo->step_gap / 2);
  if (target == TARGET_WITH_MANAGER)
    return TRUE;
  ACT (PEYGIR_ACTION_APPROVE, PEYGIR_ROLE_MANAGER, NULL, 0, NULL, 0, demo->step_gap / 2);
  if (target == TARGET_APPROVED)
    return TRUE;
  ACT (PEYGIR_ACTION_DISPATCH, PEYGIR_ROLE_SECRETARIAT, NULL, 0, NULL, 0, demo->step_gap / 4);
  if (target == TARGET_DISPATCHED)
    return TRUE;

  if (target == TARGET_FOLLOWED_UP)
    return follow_up (demo, now, error);
  return answer_and_close (demo, target, n_agencies, error);
}

static gboolean
make_case (DemoFill  *fill,
           gint64     received_at,
           GError   **error)
{
  g_autoptr(PeygirCaseDraft) draft = peygir_case_draft_new ();
  GRand *rand = fill->rand;
  const DemoSubject *subject = &subjects[g_rand_int_range (rand, 0, G_N_ELEMENTS (subjects))];
  PeygirAgency *agency = g_ptr_array_index (fill->agencies, g_rand_int_range (rand, 0, fill->agencies->len));
  DemoCase demo = { fill, rand, fill->agencies, 0, received_at, };
  gint64 now = peygir_clock_now ();
  Target target = pick_target (rand, (now - received_at) / DAY);
  const char *intake;
  gboolean ok;

  fill_draft (draft, rand, subject, agency, received_at);
  /* one case in four comes in at the secretariat's desk, and waits for
   * an expert; an expert who takes a case in holds it */
  intake = pick_user (&demo, g_rand_int_range (rand, 0, 4) == 0 ? PEYGIR_ROLE_SECRETARIAT : PEYGIR_ROLE_EXPERT);
  if (fill->bulk != NULL)
    demo.kase = peygir_bulk_take_in (fill->bulk, intake, draft, received_at, NULL, error);
  else
    {
      peygir_store_set_batch_time (fill->store, received_at);
      demo.kase = demo.owned = peygir_store_create_case (fill->store, intake, draft, error);
    }
  if (demo.kase == NULL)
    return FALSE;
  demo.case_id = demo.kase->id;
  /* spread the steps over the case's age, so that no action lies in the future */
  demo.step_gap = MAX (HOUR, (now - received_at) / 12);

  ok = run_to_target (&demo, target, agency, now, error);
  g_clear_pointer (&demo.owned, peygir_case_free);
  if (ok && fill->bulk != NULL)
    ok = peygir_bulk_write_case (fill->bulk, error);
  return ok;
}

static gboolean
begin_batch (DemoFill  *fill,
             GError   **error)
{
  return fill->bulk != NULL || peygir_store_begin_batch (fill->store, error);
}

static gboolean
end_batch (DemoFill  *fill,
           gboolean   commit,
           GError   **error)
{
  if (fill->bulk != NULL)
    return !commit || peygir_bulk_commit (fill->bulk, error);
  return peygir_store_end_batch (fill->store, commit, error);
}

gboolean
peygir_demo_fill (PeygirStore         *store,
                  guint                n_cases,
                  guint32              seed,
                  PeygirDemoProgress   progress,
                  gpointer             user_data,
                  GError             **error)
{
  return peygir_demo_fill_full (store, n_cases, seed, PEYGIR_DEMO_BULK, progress, user_data, error);
}

gboolean
peygir_demo_fill_full (PeygirStore         *store,
                       guint                n_cases,
                       guint32              seed,
                       PeygirDemoFlags      flags,
                       PeygirDemoProgress   progress,
                       gpointer             user_data,
                       GError             **error)
{
  g_autoptr(GPtrArray) agencies = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(PeygirBulk) bulk = NULL;
  DemoFill fill = { store, NULL, rand, NULL, { 0, } };
  gint64 now = peygir_clock_now ();
  gint64 span = 540 * (gint64) DAY;
  guint done = 0;

  if (!ensure_people (store, &agencies, fill.user_ids, error))
    return FALSE;
  fill.agencies = agencies;
  if (!(flags & PEYGIR_DEMO_THROUGH_ACTIONS))
    fill.bulk = bulk = peygir_store_bulk_new (store);

  while (done < n_cases)
    {
      guint size = peygir_store_location_is_server (peygir_store_get_path (store)) ? SERVER_BATCH_SIZE : BATCH_SIZE;
      guint batch = MIN (size, n_cases - done);

      if (!begin_batch (&fill, error))
        return FALSE;
      for (guint i = 0; i < batch; i++)
        {
          /* older cases first, so that ids follow the dates */
          gint64 received_at = now - span + (span * (gint64) (done + i)) / MAX (n_cases, 1)
                               - g_rand_int_range (rand, 0, 6 * HOUR);

          if (!make_case (&fill, received_at, error))
            {
              end_batch (&fill, FALSE, NULL);
              return FALSE;
            }
        }
      if (!end_batch (&fill, TRUE, error))
        return FALSE;
      done += batch;
      if (progress != NULL)
        progress (done, n_cases, user_data);
    }
  return TRUE;
}
