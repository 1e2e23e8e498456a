package dev.awm.pipeline;

import java.util.List;

/**
 * The domains a candidate request leans towards, so that parallel requests do not all invent the
 * same popular applications. Request {@code r} of a run gets three neighbouring groups of a fixed
 * rotation; every third request is left free. The choice depends on the request number only, so
 * a rerun sends the same prompts (and a recorded run replays).
 */
final class FocusDomains {
  private static final List<String> GROUPS = List.of(
      "hotels, short-term rentals and travel agencies",
      "clinics, pharmacies, therapy practices and elder care",
      "banking back offices, invoicing, payroll and bookkeeping",
      "online shops, marketplaces and point-of-sale systems",
      "schools, course platforms, tutoring and exam administration",
      "warehouses, freight, couriers and fleet maintenance",
      "property management, leasing and facility maintenance",
      "factories, field service, repair shops and equipment rental",
      "city services, permits, libraries and public records",
      "newsrooms, publishing workflows and content moderation queues",
      "smart-home devices, building sensors and connected appliances",
      "recruiting, employee onboarding, shifts and time-off",
      "farms, greenhouses, veterinary practices and animal shelters",
      "law firms, case management and contract review",
      "events, ticketing, venues and conference planning",
      "car dealerships, garages, parking and ride-hailing",
      "utilities, metering, solar installers and energy billing",
      "charities, volunteering, donations and grant tracking",
      "gyms, sports leagues, coaching and tournament brackets",
      "restaurants, catering, food delivery and kitchen inventory",
      "developer tools, issue trackers, CI dashboards and on-call rotas",
      "airlines, airports, baggage and loyalty programmes",
      "insurance claims, underwriting and policy administration",
      "personal productivity, habit trackers, budgeting and journaling");

  private FocusDomains() {}

  /** The focus line for request {@code round}, or a line that leaves the domain free. */
  static String forRound(int round) {
    if (round % 3 == 2) return "Any domain is welcome in this batch.";
    int start = (round - round / 3) * 3 % GROUPS.size();
    StringBuilder b = new StringBuilder("In this batch, lean towards these domains (most, not all, of the applications):");
    for (int i = 0; i < 3; i++) b.append("\n- ").append(GROUPS.get((start + i) % GROUPS.size()));
    return b.toString();
  }
}
