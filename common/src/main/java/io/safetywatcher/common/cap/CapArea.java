package io.safetywatcher.common.cap;

import java.util.Locale;

/**
 * Where an alert applies, as CAP's {@code area}: always a description (the zone), plus a circle
 * and/or a polygon when the zone's coordinates are known (WGS 84).
 *
 * @param desc     CAP {@code areaDesc}: the zone's name or id
 * @param lat      the circle's centre; null together with {@code lon} and {@code radiusKm} when unknown
 * @param radiusKm the circle's radius in kilometres
 * @param polygon  CAP's form, space-separated {@code lat,lon} pairs, at least four, the first
 *                 repeated last; null when unknown
 */
public record CapArea(String desc, Double lat, Double lon, Double radiusKm, String polygon) implements java.io.Serializable {

    public CapArea {
        if (desc == null || desc.isBlank()) {
            throw new IllegalArgumentException("a CAP area needs a description (the zone)");
        }
        boolean anyCircle = lat != null || lon != null || radiusKm != null;
        if (anyCircle && (lat == null || lon == null || radiusKm == null)) {
            throw new IllegalArgumentException("a CAP circle needs latitude, longitude and radius together; area " + desc);
        }
        if (anyCircle) {
            checkPoint(lat, lon, desc);
            if (!(radiusKm >= 0) || radiusKm.isInfinite()) {
                throw new IllegalArgumentException("a CAP circle's radius is a non-negative number of km, not " + radiusKm + "; area " + desc);
            }
        }
        if (polygon != null) {
            polygon = checkPolygon(polygon.strip(), desc);
        }
    }

    /** Only the description: what every alert gets until the registry knows the zone's coordinates. */
    public static CapArea of(String desc) { return new CapArea(desc, null, null, null, null); }

    /**
     * A circle around a point with the area of the zone ({@code areaM2}, the registry's
     * {@code zones.area_m2}): the radius of a disc that large.
     */
    public static CapArea around(String desc, double lat, double lon, double areaM2) {
        return new CapArea(desc, lat, lon, Math.sqrt(Math.max(0, areaM2) / Math.PI) / 1000.0, null);
    }

    public boolean hasCircle() { return lat != null; }

    /** CAP {@code circle}: {@code lat,lon radius}. */
    public String circle() {
        return number(lat) + "," + number(lon) + " " + number(radiusKm);
    }

    private static void checkPoint(double lat, double lon, String desc) {
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("a CAP point is latitude -90..90, longitude -180..180, not " + lat + "," + lon + "; area " + desc);
        }
    }

    private static String checkPolygon(String polygon, String desc) {
        String[] pairs = polygon.split("\\s+");
        if (pairs.length < 4 || !pairs[0].equals(pairs[pairs.length - 1])) {
            throw new IllegalArgumentException("a CAP polygon is at least four 'lat,lon' pairs separated by spaces, the first repeated "
                    + "as the last; area " + desc + " has '" + polygon + "'");
        }
        for (String p : pairs) {
            String[] ll = p.split(",", -1);
            try {
                if (ll.length != 2) {
                    throw new NumberFormatException();
                }
                checkPoint(Double.parseDouble(ll[0]), Double.parseDouble(ll[1]), desc);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a CAP polygon point is 'lat,lon', not '" + p + "'; area " + desc);
            }
        }
        return String.join(" ", pairs);
    }

    /** Decimal degrees or km without exponent, at most 6 decimals (about 10 cm). */
    private static String number(double d) {
        String s = String.format(Locale.ROOT, "%.6f", d);
        s = s.contains(".") ? s.replaceAll("0+$", "") : s;
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
