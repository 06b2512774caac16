/*
 * test_actors.c -- the actors stage: dictionary loading (Dateline's format
 * and PETRARCH's), bad lines, matching, composition, dated offices,
 * capitals standing for governments, places, and coreference.
 *
 * The dictionaries are written by the test into a temporary directory;
 * the bundled ones and the Phoenix dictionaries are tried at the end when
 * present.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"
#include "harness.h"

static char dir[256];

static void write_file(const char *name, const char *text) { h_write_file(dir, name, text); }

static void make_dicts(void) {
  snprintf(dir, sizeof dir, "/tmp/dl-actors-test-%d", (int)getpid());
  char cmd[300];
  snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
  if (system(cmd) != 0) return;
  write_file("countries.txt",
             "# test countries\n@kind countries\n"
             "USA | United States; U.S.; America | American; Americans | Washington | -\n"
             "PRK | North Korea; N. Korea | North Korean; North Koreans | Pyongyang | the North [KOR]; the North [PRK]\n"
             "KOR | South Korea | South Korean | Seoul | the South [PRK]\n"
             "VNM | Vietnam | Vietnamese | Hanoi | -\n"
             "GEO | Georgia | Georgian | Tbilisi | -\n"
             "GBR | United Kingdom; Britain | British | London | -\n");
  write_file("orgs.txt", "@kind orgs\n"
                         "IGOUNO | United Nations; U.N.; UN | un\n"
                         "IGOUNO | United Nations Security Council; Security Council; UNSC | un\n"
                         "IGOUNOWHO | World Health Organization; WHO | un\n");
  write_file("agents.txt", "@kind agents\n"
                           "GOV | president; leader; foreign minister; regime; official | "
                           "presidents; leaders; officials\n"
                           "MIL | army; soldier | soldiers; troops\n"
                           "COP | police | police\n"
                           "CVL | villager | villagers\n"
                           "GOV | ambassador | ambassadors\n");
  write_file("people.txt",
             "@kind people\n"
             "Donald Trump | Trump | USAGOV | 2017-01-20 | 2021-01-20 | president\n"
             "Donald Trump | Trump | USAGOV | 2025-01-20 | - | president\n"
             "Kim Jong-un | Kim Jong Un | PRKGOV | 2011-12-17 | - | leader\n"
             "Mike Pompeo | Pompeo | USAGOV | 2018-04-26 | 2021-01-20 | secretary of state\n"
             "Moon Jae-in | Moon Jae In | KORGOV | 2017-05-10 | 2022-05-10 | president\n"
             "Theresa May | May | GBRGOV | 2016-07-13 | 2019-07-24 | prime minister\n"
             "George H. W. Bush | George H.W. Bush | USAGOV | 1989-01-20 | 1993-01-20 | president\n"
             "George W. Bush | Bush; George Bush | USAGOV | 2001-01-20 | 2009-01-20 | president\n"
             "Bill Clinton | - | USAGOV | 1993-01-20 | 2001-01-20 | president\n"
             "Hillary Clinton | - | USAGOV | 2009-01-21 | 2013-02-01 | secretary of state\n");
  write_file("places.txt", "@kind places\n"
                           "Hanoi | Ha Noi | VNM | 21.028 | 105.854 | capital\n"
                           "Washington | - | USA | 38.907 | -77.037 | capital\n"
                           "Pyongyang | - | PRK | 39.039 | 125.762 | capital\n"
                           "Seoul | - | KOR | 37.566 | 126.978 | capital\n"
                           "Buenos Aires | - | ARG | -34.604 | -58.382 | capital\n"
                           "Tripoli | - | LBY | 32.887 | 13.191 | capital\n"
                           "Tripoli | - | LBN | 34.437 | 35.850 | city\n");
  write_file("seats.txt", "@kind seats\nWhite House | - | USAGOV\nKremlin | - | RUSGOV\n");
}

static dl_actors *load(void) {
  dl_actors *a;
  dl_err e;
  if (dl_actors_new(&a, &e)) return NULL;
  if (dl_actors_load_dir(a, dir, &e)) {
    fprintf(stderr, "load: %s\n", e.msg);
    dl_actors_free(a);
    return NULL;
  }
  return a;
}

/* Mentions of a text as "text=code(entity)" joined by " | ". */
static void mentions_t(const dl_actors *a, const char *text, const char *ref, bool dates,
                       char *out, size_t cap) {
  dl_text *tx;
  dl_doc *d;
  dl_err e;
  out[0] = 0;
  dl_text_new(&tx, &e);
  if (dl_text_parse_string(tx, text, strlen(text), &d, &e)) return;
  if (ref) dl_doc_set_ref_date(d, ref, DL_DATE_GIVEN);
  if (dates) { /* the time stage first, as in the pipeline */
    dl_time *tm;
    if (dl_time_new(&tm, &e) == DL_OK) {
      if (dl_time_run(tm, d, &e)) fprintf(stderr, "time: %s\n", e.msg);
      dl_time_free(tm);
    }
  }
  int rc = dl_actors_run(a, d, &e);
  size_t n, o = 0;
  const dl_mention *m = dl_doc_mentions(d, &n);
  if (rc) fprintf(stderr, "actors: %s\n", e.msg);
  const char *b = dl_doc_body(d, NULL);
  for (size_t i = 0; i < n && o + 8 < cap; i++)
    o += (size_t)snprintf(out + o, cap - o, "%s%.*s=%s%s%s%s", i ? " | " : "",
                          (int)(m[i].end - m[i].start), b + m[i].start,
                          m[i].code ? m[i].code : "-", m[i].entity ? "(" : "",
                          m[i].entity ? m[i].entity : "", m[i].entity ? ")" : "");
  dl_doc_free(d);
  dl_text_free(tx);
}

static void mentions(const dl_actors *a, const char *text, const char *ref, char *out,
                     size_t cap) {
  mentions_t(a, text, ref, false, out, cap);
}

#define M(a, text, ref, want)                                              \
  do {                                                                     \
    char got[2048];                                                        \
    mentions(a, text, ref, got, sizeof got);                               \
    CHECK_STR(got, want);                                                  \
  } while (0)

/* The same with the time stage run first. */
#define MT(a, text, ref, want)                                             \
  do {                                                                     \
    char got[2048];                                                        \
    mentions_t(a, text, ref, true, got, sizeof got);                       \
    CHECK_STR(got, want);                                                  \
  } while (0)

static void test_composition(dl_actors *a) {
  M(a, "U.S. President Donald Trump has urged North Korean leader Kim Jong-un to act.",
    "2019-02-21",
    "U.S. President Donald Trump=USAGOV(Donald Trump) | "
    "North Korean leader Kim Jong-un=PRKGOV(Kim Jong-un)");
  M(a, "South Korean officials met North Korean soldiers.", "2019-02-21",
    "South Korean officials=KORGOV | North Korean soldiers=PRKMIL");
  /* coordinated adjectives share the role */
  M(a, "American and South Korean officials met.", "2019-02-21",
    "American=USAGOV(United States) | South Korean officials=KORGOV");
  M(a, "The UNSC's sanctions committee met.", NULL, "UNSC=IGOUNO(United Nations Security Council)");
  /* an unknown person coded from title and nationality */
  M(a, "North Korean Foreign Minister Ri Yong Ho spoke.", "2019-02-21",
    "North Korean Foreign Minister Ri Yong Ho=PRKGOV(Ri Yong Ho)");
  /* a hyphenated surname after a title stays whole */
  M(a, "U.S. President Jane Smith-Jones spoke.", "2019-02-21",
    "U.S. President Jane Smith-Jones=USAGOV(Jane Smith-Jones)");
  /* a name of several words needs the capitals it is written with: "a
   * security council of elders" is no UN body; a spelling in lowercase
   * in the file allows it */
  M(a, "A security council of elders met.", NULL, "");
  M(a, "The Security Council met.", NULL, "Security Council=IGOUNO(United Nations Security Council)");
  /* acronyms only in capitals */
  M(a, "The WHO warned those who travel.", NULL, "WHO=IGOUNOWHO(World Health Organization)");
}

/* ROLE in PLACE: the place's country for people who live there, not for
 * soldiers or envoys; a bare first name is no one. */
static void test_roles_in_places(dl_actors *a) {
  M(a, "Many villagers in Vietnam protested.", "2019-02-21",
    "villagers=VNMCVL | Vietnam=VNM(Vietnam)");
  M(a, "The villagers throughout Hanoi protested.", "2019-02-21",
    "villagers=VNMCVL | Hanoi=-(Hanoi)");
  M(a, "The soldiers in Vietnam waited.", "2019-02-21", "Vietnam=VNM(Vietnam)");
  M(a, "The ambassadors in Seoul met.", "2019-02-21", "Seoul=-(Seoul)");
  M(a, "The soldiers of Vietnam waited.", "2019-02-21", "soldiers=VNMMIL | Vietnam=VNM(Vietnam)");
  M(a, "Later Donald spoke.", "2019-02-21", "");
  M(a, "He met President Moon.", "2019-02-21", "President Moon=KORGOV(Moon Jae-in)");
}

static void test_dates(dl_actors *a) {
  M(a, "Donald Trump spoke.", "2019-02-21", "Donald Trump=USAGOV(Donald Trump)");
  M(a, "Donald Trump spoke.", "2026-03-01", "Donald Trump=USAGOV(Donald Trump)");
  /* between his terms he holds no office: a former official, which the
   * CAMEO codebook codes as an elite (ELI); before any office, no code */
  M(a, "Donald Trump spoke.", "2023-06-01", "Donald Trump=USAELI(Donald Trump)");
  M(a, "Mike Pompeo spoke.", "2017-06-01", "");
  /* a title and a name that several holders of the office had: whoever
   * held it on the day, else the last one before the day (former: ELI) */
  M(a, "President Bush spoke.", "1990-06-01", "President Bush=USAGOV(George H. W. Bush)");
  M(a, "President Bush spoke.", "2000-01-01", "President Bush=USAELI(George H. W. Bush)");
  M(a, "President Bush spoke.", "2005-06-01", "President Bush=USAGOV(George W. Bush)");
  M(a, "President Bush spoke.", "2015-06-01", "President Bush=USAELI(George W. Bush)");
  M(a, "President Clinton spoke.", "2003-01-01", "President Clinton=USAELI(Bill Clinton)");
  /* "former" makes an elite of whatever office follows */
  M(a, "Former President Donald Trump spoke.", "2019-02-21",
    "President Donald Trump=USAELI(Donald Trump)");
  M(a, "Former South Korean officials met.", "2019-02-21", "South Korean officials=KORELI");
  /* a month inside a date is not a person of that name */
  MT(a, "The truce has held since 1 May, Britain said.", "2019-06-01", "Britain=GBR(United Kingdom)");
  MT(a, "May said on Tuesday that Britain would leave.", "2019-06-01",
     "May=GBRGOV(Theresa May) | Britain=GBR(United Kingdom)");
}

static void test_places_and_metonymy(dl_actors *a) {
  M(a, "Washington demanded Pyongyang take steps.", "2019-02-21",
    "Washington=USAGOV(Washington) | Pyongyang=PRKGOV(Pyongyang)");
  M(a, "They met in Hanoi and flew to Seoul.", "2019-02-21", "Hanoi=-(Hanoi) | Seoul=-(Seoul)");
  /* a role of a place named after its kind ("the city of X") takes the
   * place's country */
  M(a, "The leader of the northern city of Hanoi spoke.", "2019-02-21", "leader=VNMGOV | Hanoi=-(Hanoi)");
  /* a role in or of a group is that group; not reporters in a seat */
  M(a, "Soldiers of the North Korean army spoke.", "2019-02-21",
    "Soldiers=PRKMIL | North Korean army=PRKMIL");
  /* a compass word between "in" and the place */
  M(a, "Many villagers in northern Vietnam protested.", "2019-02-21",
    "villagers in northern Vietnam=VNMCVL(Vietnam)");
  /* a capital one goes through is a place, not its government */
  M(a, "Protesters marched through Seoul.", "2019-02-21", "Seoul=-(Seoul)");
  M(a, "The White House said no.", NULL, "White House=USAGOV(White House)");
  /* namesakes: the Tripoli of the story's country */
  dl_text *tx;
  dl_doc *d;
  dl_err e;
  dl_text_new(&tx, &e);
  const char *s = "Lebanon aside, Georgia said fighting in Tripoli eased.";
  dl_text_parse_string(tx, s, strlen(s), &d, &e);
  dl_actors_run(a, d, &e);
  size_t n;
  const dl_mention *m = dl_doc_mentions(d, &n);
  bool found = false;
  for (size_t i = 0; i < n; i++)
    if (m[i].kind == DL_MENTION_PLACE && m[i].lat > 32) found = m[i].lat > 32.8;
  CHECK(found);
  dl_doc_free(d);
  s = "Officials in Hanoi said so.";
  dl_text_parse_string(tx, s, strlen(s), &d, &e);
  dl_actors_run(a, d, &e);
  m = dl_doc_mentions(d, &n);
  CHECK(n >= 1 && m[n - 1].kind == DL_MENTION_PLACE && !strcmp(m[n - 1].country, "VNM") &&
        m[n - 1].lat > 21 && m[n - 1].lat < 21.1);
  dl_doc_free(d);
  dl_text_free(tx);
}

static void test_coreference(dl_actors *a) {
  M(a, "Kim Jong Un met Donald Trump. Kim said the talks went well.", "2019-02-21",
    "Kim Jong Un=PRKGOV(Kim Jong-un) | Donald Trump=USAGOV(Donald Trump) | "
    "Kim=PRKGOV(Kim Jong-un)");
  M(a, "Donald Trump spoke. The U.S. leader said he would wait.", "2019-02-21",
    "Donald Trump=USAGOV(Donald Trump) | U.S. leader=USAGOV(Donald Trump) | "
    "he=USAGOV(Donald Trump)");
  M(a, "South Korea is worried. The North has not answered.", "2019-02-21",
    "South Korea=KOR(South Korea) | North=PRK");
  /* subject pronouns need the parse; here without one they stay unlinked */
  M(a, "South Korean officials met. They said no.", "2019-02-21", "South Korean officials=KORGOV");
  /* regression: a name with two context lists ("the North [KOR]" and
   * "[PRK]") is valid under either */
  M(a, "North Korean officials met. The North has not answered.", "2019-02-21",
    "North Korean officials=PRKGOV | North=PRK");
  /* regression: a title with a bare surname resolves to the office holder */
  M(a, "He met President Moon in Seoul.", "2018-12-01",
    "President Moon=KORGOV(Moon Jae-in) | Seoul=-(Seoul)");
  /* "the North" needs a story about Korea */
  M(a, "The North has not answered.", "2019-02-21", "");
  M(a, "Kim Jong Un met Donald Trump. Both sides agreed.", "2019-02-21",
    "Kim Jong Un=PRKGOV(Kim Jong-un) | Donald Trump=USAGOV(Donald Trump) | "
    "Both sides=USAGOV(Donald Trump)");
}

static void test_bad_lines(void) {
  write_file("bad.txt", "@kind people\n"
                        "Only | three | fields\n"
                        "A B | - | USAGOV | 2020-01-01 | 2019-01-01 | president\n"
                        "C D | - | usagov | 2020-01-01 | - | president\n"
                        "E F | - | USAGOV | someday | - | president\n"
                        "G H | - | USAGOV | 2020-01-01 | - | president\n");
  write_file("conflict.txt", "@kind orgs\nIGOUNO | Security Council | un\n"
                             "IGOEEC | Security Council | regional\n");
  dl_actors *a;
  dl_err e;
  CHECK(dl_actors_new(&a, &e) == DL_OK);
  char path[512];
  snprintf(path, sizeof path, "%s/bad.txt", dir);
  CHECK(dl_actors_load(a, path, &e) == DL_OK);
  CHECK(dl_actors_warning_count(a) == 4);
  CHECK(strstr(dl_actors_warning(a, 0), "bad.txt:2: 3 fields") != NULL);
  CHECK(strstr(dl_actors_warning(a, 1), "bad.txt:3: office ends") != NULL);
  CHECK(strstr(dl_actors_warning(a, 2), "bad.txt:4:") != NULL);
  CHECK(strstr(dl_actors_warning(a, 3), "bad.txt:5: dates") != NULL);
  snprintf(path, sizeof path, "%s/conflict.txt", dir);
  CHECK(dl_actors_load(a, path, &e) == DL_OK);
  CHECK(dl_actors_warning_count(a) == 5);
  const char *w = dl_actors_warning(a, 4);
  CHECK(w && strstr(w, "conflict.txt:3:") && strstr(w, "conflict.txt:2"));
  /* a file that is no dictionary, and one that is missing */
  write_file("junk.txt", "@kind spaceships\nx | y\n");
  snprintf(path, sizeof path, "%s/junk.txt", dir);
  CHECK(dl_actors_load(a, path, &e) == DL_CORRUPT);
  CHECK(strstr(e.msg, "junk.txt:1: unknown kind") != NULL);
  CHECK(dl_actors_load(a, "/nonexistent/x.txt", &e) == DL_IO);
  dl_actors_free(a);
}

static void test_petrarch(void) {
  write_file("petr.actors.txt",
             "# a PETRARCH actor file\n"
             "ARNOR_  [ARN]\n"
             "+ARNORIAN_\n"
             "GONDOR_ [GON]\n"
             "ARAGORN_ [GONGOV 300101-]\n"
             "\t[GONELI <291231]\n"
             "BOROMIR [GONMIL 010101-000101]\n"
             "+  \n"
             "[ORPHAN]\n");
  write_file("petr.agents.txt", "!PERSON! = MAN, MEN\nPOLICE!PERSON! [~COP]\nSOLDIERS [~MIL]\n"
                                "MEDIA {} [~MED]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\n");
  dl_actors *a;
  dl_err e;
  CHECK(dl_actors_new(&a, &e) == DL_OK);
  char path[512];
  snprintf(path, sizeof path, "%s/petr.actors.txt", dir);
  CHECK(dl_actors_load(a, path, &e) == DL_OK);
  snprintf(path, sizeof path, "%s/petr.agents.txt", dir);
  CHECK(dl_actors_load(a, path, &e) == DL_OK);
  /* BOROMIR's range ends before it starts; [ORPHAN] has no actor */
  CHECK(dl_actors_warning_count(a) == 2);
  M(a, "Arnorian policemen met Aragorn.", "2019-01-01", "Arnorian policemen=ARNCOP | Aragorn=GONGOV");
  M(a, "Aragorn met Gondor soldiers.", "2019-01-01", "Aragorn=GONGOV | Gondor soldiers=GONMIL");
  /* regression: an agent that lists its plurals in braces has no other
   * ("MEDIA {}": "medias" is no agent), neither made up nor by lemma */
  M(a, "Gondor media met Aragorn.", "2019-01-01", "Gondor media=GONMED | Aragorn=GONGOV");
  M(a, "Gondor medias met Aragorn.", "2019-01-01", "Gondor=GON | Aragorn=GONGOV");
  M(a, "Gondor attorneys general met Aragorn.", "2019-01-01",
    "Gondor attorneys general=GONGOV | Aragorn=GONGOV");
  dl_actors_free(a);
}

/* The bundled dictionaries and, when present, the Phoenix ones: they
 * load, and the Phoenix set loads in under 150 ms. */
static void test_real(void) {
  const char *src = getenv("DL_SOURCE_DIR");
  if (!src) src = ".";
  char path[4096];
  dl_actors *a;
  dl_err e;
  CHECK(dl_actors_new(&a, &e) == DL_OK);
  snprintf(path, sizeof path, "%s/data", src);
  int rc = dl_actors_load_dir(a, path, &e);
  CHECK(rc == DL_OK);
  if (rc) fprintf(stderr, "%s\n", e.msg);
  fprintf(stderr, "bundled dictionaries: %zu names, %zu warnings\n", dl_actors_entry_count(a),
          dl_actors_warning_count(a));
  dl_actors_free(a);
  const char *data = getenv("DATELINE_DATA");
  char shared[1200];
  if (!data) {
    snprintf(shared, sizeof shared, "%.1000s/../shared", src);
    data = shared;
  }
  snprintf(path, sizeof path, "%s/data/cameo/Phoenix.Countries.actors.txt", data);
  if (access(path, R_OK) != 0) {
    fprintf(stderr, "Phoenix dictionaries: skipped (no %s)\n", path);
    return;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHECK(dl_actors_new(&a, &e) == DL_OK);
  static const char *const files[] = {"Phoenix.Countries.actors.txt",
                                      "Phoenix.International.actors.txt",
                                      "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt",
                                      "Phoenix.discards.txt", NULL};
  for (const char *const *f = files; *f; f++) {
    snprintf(path, sizeof path, "%s/data/cameo/%s", data, *f);
    CHECK(dl_actors_load(a, path, &e) == DL_OK);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
  fprintf(stderr, "Phoenix dictionaries: %zu names in %.1f ms, %zu warnings\n",
          dl_actors_entry_count(a), ms, dl_actors_warning_count(a));
  M(a, "Barack Obama met South Korean soldiers in Seoul.", "2010-05-01",
    "Barack Obama=USAGOV | South Korean soldiers=KORMIL | Seoul=KOR");
  dl_actors_free(a);

  /* GeoNames: a small town the bundled places do not know */
  snprintf(path, sizeof path, "%s/data/geo/geonames-cities1000/cities1000.txt", data);
  if (access(path, R_OK) != 0) {
    fprintf(stderr, "GeoNames: skipped (no %s)\n", path);
    return;
  }
  CHECK(dl_actors_new(&a, &e) == DL_OK);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHECK(dl_actors_load_geonames(a, path, &e) == DL_OK);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
  fprintf(stderr, "GeoNames: %zu names in %.0f ms, %zu warnings\n", dl_actors_entry_count(a), ms,
          dl_actors_warning_count(a));
  dl_text *tx;
  dl_doc *d;
  dl_text_new(&tx, &e);
  const char *s = "Shelling hit Sant Julia de Loria overnight.";
  dl_text_parse_string(tx, s, strlen(s), &d, &e);
  dl_actors_run(a, d, &e);
  size_t n;
  const dl_mention *m = dl_doc_mentions(d, &n);
  CHECK(n == 1 && m[0].kind == DL_MENTION_PLACE && !strcmp(m[0].country, "AND") &&
        m[0].lat > 42.4 && m[0].lat < 42.5);
  dl_doc_free(d);
  dl_text_free(tx);
  dl_actors_free(a);
}

/* The place a one-mention text names, as "name=COUNTRY", or "". */
static void place_of(const dl_actors *a, const char *text, char *out, size_t cap) {
  dl_text *tx;
  dl_doc *d;
  dl_err e;
  out[0] = 0;
  dl_text_new(&tx, &e);
  if (dl_text_parse_string(tx, text, strlen(text), &d, &e) == DL_OK) {
    dl_actors_run(a, d, &e);
    size_t n;
    const dl_mention *m = dl_doc_mentions(d, &n);
    const char *b = dl_doc_body(d, NULL);
    for (size_t i = 0; i < n; i++)
      if (m[i].kind == DL_MENTION_PLACE)
        snprintf(out, cap, "%.*s=%s", (int)(m[i].end - m[i].start), b + m[i].start,
                 m[i].country);
    dl_doc_free(d);
  }
  dl_text_free(tx);
}

#define P(a, text, want)                                                   \
  do {                                                                     \
    char got[256];                                                         \
    place_of(a, text, got, sizeof got);                                    \
    CHECK_STR(got, want);                                                  \
  } while (0)

/* A gazetteer (GeoNames format, rows written for the test) adds places
 * without taking words from people, agents or the language: the most
 * populous namesake unless one in the story's country is not much
 * smaller, capitals only, and never a surname or a common word. */
static void test_gazetteer(void) {
  char path[600];
  snprintf(path, sizeof path, "%s/towns.txt", dir);
  /* geonameid name asciiname alternates lat lon class code country cc2
   * admin1 admin2 admin3 admin4 population elevation dem timezone date */
  const char *rows[][5] = {{"Geneva", "46.20222", "6.14569", "CH", "183981"},
                           {"Geneva", "41.88753", "-88.30535", "US", "21495"},
                           {"Kim", "40.26", "70.47", "TJ", "15000"},
                           {"We", "-20.92", "167.26", "NC", "1500"},
                           {"Court", "47.24", "7.34", "CH", "1400"},
                           {"Presidente", "-22.1", "-51.4", "BR", "2000"},
                           {"Lugano", "46.01", "8.96", "CH", "63000"}};
  FILE *f = fopen(path, "w");
  for (size_t i = 0; f && i < sizeof rows / sizeof rows[0]; i++)
    fprintf(f, "%zu\t%s\t%s\t\t%s\t%s\tP\tPPL\t%s\t\t01\t\t\t\t%s\t\t400\tEurope/Zurich\t2020-01-01\n",
            i + 1, rows[i][0], rows[i][0], rows[i][1], rows[i][2], rows[i][3], rows[i][4]);
  if (f) fclose(f);
  write_file("court.txt", "@kind agents\nJUD | court | courts\n");
  dl_actors *a = load();
  dl_err e;
  CHECK(a && dl_actors_load_geonames(a, path, &e) == DL_OK);
  if (!a) return;
  P(a, "Talks resumed in Lugano.", "Lugano=CHE");
  P(a, "Russian officials met American diplomats in Geneva.", "Geneva=CHE");
  P(a, "The court met on Monday.", "");
  P(a, "Later Kim Jong-un spoke. Then Kim left.", "");
  P(a, "We met.", "");
  dl_actors_free(a);
  snprintf(path, sizeof path, "%s/court.txt", dir);
  remove(path);
}

int main(void) {
  make_dicts();
  dl_actors *a = load();
  CHECK(a != NULL);
  if (a) {
    test_composition(a);
    test_roles_in_places(a);
    test_dates(a);
    test_places_and_metonymy(a);
    test_coreference(a);
    dl_actors_free(a);
  }
  RUN(test_gazetteer);
  RUN(test_bad_lines);
  RUN(test_petrarch);
  RUN(test_real);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) return 1;
  return DONE();
}
