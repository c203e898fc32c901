package dev.freshet.shared.identifier;

import java.util.List;
import java.util.Map;

/** What the catalog says about a table and the columns a registry row names. */
public record CatalogCheck(String table, boolean tableExists, Map<String, String> columnTypes, List<String> problems) {

    public boolean ok() {
        return problems.isEmpty();
    }
}
