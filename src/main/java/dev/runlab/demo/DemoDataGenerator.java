package dev.runlab.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates the demo data set {@code data/demo/narratives.csv}: synthetic emergency-department
 * injury narratives in the terse style of injury surveillance records ("45 YOM FELL FROM A LADDER
 * ..."), each with a gold label for its mechanism of injury. About one narrative in seven carries a
 * second mechanism's words as a distractor (a scald while falling, a fall asleep while smoking), so
 * that a keyword classifier — the simulated model — is good but not perfect.
 *
 * <p>Deterministic: the same row count and seed always give the same bytes, and a test checks that
 * the committed file is exactly this generator's output. Regenerate with:
 *
 * <pre>java -cp target/runlab.jar dev.runlab.demo.DemoDataGenerator data/demo/narratives.csv 2400 7
 * </pre>
 */
public final class DemoDataGenerator {
  public static final int DEFAULT_ROWS = 2400;
  public static final long DEFAULT_SEED = 7;

  private record Mechanism(String label, double weight, List<String> events) {}

  private static final List<Mechanism> MECHANISMS =
      List.of(
          new Mechanism(
              "fall",
              0.26,
              List.of(
                  "FELL FROM A LADDER WHILE CLEANING GUTTERS",
                      "SLIPPED ON ICE IN THE DRIVEWAY AND FELL",
                  "TRIPPED OVER A RUG AND FELL AGAINST A TABLE", "FELL DOWN THE STAIRS AT HOME",
                  "FELL OFF THE ROOF WHILE REPAIRING SHINGLES", "SLIPPED IN THE BATHTUB",
                  "TRIPPED ON A CURB WHILE WALKING THE DOG", "FELL OFF A TRAMPOLINE")),
          new Mechanism(
              "struck_by",
              0.12,
              List.of(
                  "WAS STRUCK BY A FALLING OBJECT AT A CONSTRUCTION SITE",
                      "HIT BY A BASEBALL DURING PRACTICE",
                  "KNOCKED OVER BY A SWINGING DOOR", "STRUCK IN THE FACE BY A TREE BRANCH",
                  "HIT IN THE HEAD WITH A THROWN BOTTLE", "STRUCK BY A SOCCER BALL TO THE FACE")),
          new Mechanism(
              "motor_vehicle",
              0.12,
              List.of(
                  "DRIVER IN A CAR COLLISION ON THE HIGHWAY",
                  "RESTRAINED PASSENGER IN A MOTOR VEHICLE CRASH",
                  "MOTORCYCLE DRIVER IN A CRASH WITH A TRUCK",
                  "PEDESTRIAN STRUCK BY A VEHICLE IN A PARKING LOT",
                  "UNRESTRAINED DRIVER, CAR ROLLED OVER")),
          new Mechanism(
              "burn",
              0.11,
              List.of(
                  "BURNED HAND ON A HOT STOVE",
                  "SCALDED BY HOT COFFEE",
                  "STEAM BURN FROM A KETTLE",
                  "GREASE FIRE WHILE COOKING, BURN TO FOREARM",
                  "BURNED BY FLAMES FROM A BONFIRE",
                  "SCALD FROM HOT BATH WATER")),
          new Mechanism(
              "cut_pierce",
              0.13,
              List.of(
                  "CUT FINGER WITH A KITCHEN KNIFE",
                  "LACERATION FROM BROKEN GLASS",
                  "PIERCED HAND WITH A NAIL GUN",
                  "CUT THUMB ON A TABLE SAW",
                  "LACERATED FOOT ON A SHARP BLADE",
                  "CUT PALM OPENING A CAN")),
          new Mechanism(
              "poisoning",
              0.07,
              List.of(
                  "INGESTED BLEACH FROM UNDER THE SINK", "SWALLOWED GRANDMOTHER'S PILLS",
                  "INTENTIONAL OVERDOSE OF ACETAMINOPHEN",
                      "ACCIDENTAL INGESTION OF A LAUNDRY POD")),
          new Mechanism(
              "overexertion",
              0.11,
              List.of(
                  "STRAINED LOWER BACK LIFTING A HEAVY BOX",
                  "TWISTED KNEE PLAYING BASKETBALL",
                  "PULLED SHOULDER MUSCLE MOVING FURNITURE",
                  "SPRAIN OF WRIST PUSHING A HEAVY CART",
                  "STRAINED NECK LIFTING A PATIENT AT WORK")),
          new Mechanism(
              "other",
              0.08,
              List.of(
                  "DOG BITE TO LEFT HAND",
                  "FOREIGN BODY IN EYE",
                  "BEE STING TO THE NECK",
                  "ALLERGIC REACTION TO SHELLFISH",
                  "CRUSH INJURY OF FOOT UNDER A WASHING MACHINE")));

  /** Clauses that add another mechanism's words to a narrative without changing its label. */
  private static final List<String> DISTRACTORS =
      List.of(
          "WHILE CARRYING HOT SOUP",
          "AFTER GETTING OUT OF THE CAR",
          "WHILE HOLDING A KNIFE",
          "AFTER TAKING SLEEPING PILLS",
          "WHILE LIFTING GROCERIES",
          "NEAR THE STAIRS",
          "WHILE STANDING ON A LADDER",
          "AFTER A FALL LAST WEEK");

  private static final List<String> PLACES =
      List.of("AT HOME", "AT WORK", "AT SCHOOL", "AT A PARK", "IN THE YARD", "AT A FRIEND'S HOUSE");

  /** Diagnoses that fit each mechanism, so that the diagnosis never contradicts the label. */
  private static final Map<String, List<String>> DIAGNOSES =
      Map.of(
          "fall", List.of("CONTUSION", "FRACTURE", "SPRAIN", "CONCUSSION", "ABRASION"),
          "struck_by", List.of("CONTUSION", "CONCUSSION", "FRACTURE", "ABRASION"),
          "motor_vehicle", List.of("FRACTURE", "CONTUSION", "CONCUSSION", "NECK STRAIN"),
          "burn", List.of("BURN, 1ST DEGREE", "BURN, 2ND DEGREE"),
          "cut_pierce", List.of("LACERATION", "PUNCTURE WOUND"),
          "poisoning", List.of("POISONING", "INGESTION"),
          "overexertion", List.of("STRAIN", "SPRAIN"),
          "other", List.of("BITE", "FOREIGN BODY", "ALLERGIC REACTION", "CONTUSION"));

  private DemoDataGenerator() {}

  public static void main(String[] args) {
    Path out = Path.of(args.length > 0 ? args[0] : "data/demo/narratives.csv");
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_ROWS;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      write(w, rows, seed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    System.out.println("wrote " + rows + " narratives to " + out);
  }

  /** Writes the header and {@code rows} narratives (ids N000001 ...) as CSV. */
  public static void write(Writer w, int rows, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    w.write("id,text,label\n");
    for (int i = 1; i <= rows; i++) {
      Mechanism m = pick(random);
      String text = narrative(random, m);
      w.write(
          String.format(
              Locale.ROOT, "N%06d,\"%s\",%s\n", i, text.replace("\"", "\"\""), m.label()));
    }
  }

  private static Mechanism pick(SplittableRandom random) {
    double u = random.nextDouble();
    for (Mechanism m : MECHANISMS) {
      u -= m.weight();
      if (u < 0) {
        return m;
      }
    }
    return MECHANISMS.get(MECHANISMS.size() - 1);
  }

  private static String narrative(SplittableRandom random, Mechanism m) {
    int age = 1 + random.nextInt(89);
    String sex = random.nextBoolean() ? "YOM" : "YOF";
    String event = m.events().get(random.nextInt(m.events().size()));
    StringBuilder text =
        new StringBuilder().append(age).append(' ').append(sex).append(' ').append(event);
    if (random.nextDouble() < 0.15) {
      text.append(' ').append(DISTRACTORS.get(random.nextInt(DISTRACTORS.size())));
    }
    text.append(' ').append(PLACES.get(random.nextInt(PLACES.size())));
    List<String> diagnoses = DIAGNOSES.get(m.label());
    text.append(". DX: ").append(diagnoses.get(random.nextInt(diagnoses.size())));
    return text.toString();
  }
}
