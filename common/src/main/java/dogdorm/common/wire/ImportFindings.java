package dogdorm.common.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a worker found validating a list row (a job of task {@link Task#IMPORT}), carried in its result's
 * {@code detail} next to whatever else the probe reports: {@code address}, the IP the row was checked at (absent
 * from the first workers, which checked the row as listed), and {@code services}, each a {@link FoundService}.
 * A down result may carry it too, with the services that were found (none).
 */
public record ImportFindings(String address, List<FoundService> services) {
    private static final String ADDRESS = "address";
    private static final String SERVICES = "services";

    public ImportFindings {
        Check.optionalText(address, ADDRESS, 64);
        Check.present(services, SERVICES);
        for (int i = 0; i < services.size(); i++) {
            Check.present(services.get(i), SERVICES + "[" + i + "]");
        }
        services = List.copyOf(services);
    }

    /** The detail entries: {@code address} (when known) and {@code services}. */
    @JsonValue
    public Map<String, Object> toDetail() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (address != null) {
            m.put(ADDRESS, address);
        }
        m.put(SERVICES, services.stream().map(FoundService::toDetail).toList());
        return m;
    }

    /**
     * Reads the findings from a result's detail, ignoring its other entries; refuses a missing {@code services}, a
     * value of the wrong type or a service that is not valid, naming it ({@code services[1].members: ...}).
     */
    @JsonCreator
    public static ImportFindings from(Map<?, ?> detail) {
        Object a = detail.get(ADDRESS);
        String address = a == null ? null : Detail.text(a, ADDRESS);
        List<?> raw = Detail.list(Detail.required(detail, SERVICES), SERVICES);
        List<FoundService> services = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String at = SERVICES + "[" + i + "]";
            Map<?, ?> one = Detail.object(raw.get(i), at);
            services.add(Detail.at(at, () -> FoundService.from(one)));
        }
        return new ImportFindings(address, services);
    }
}
