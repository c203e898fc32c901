package dev.freshet.simulator.fmp;

import dev.freshet.simulator.market.Company;

/** What a profile and every exchange listing of it say about the company behind it, the same on each listing. */
public record CompanyFacts(
        String industry,
        String website,
        String description,
        String ceo,
        String sector,
        String country,
        String fullTimeEmployees,
        String phone,
        String address,
        String city,
        String state,
        String zip) {

    /** FMP sends employees and zip as strings. */
    static CompanyFacts of(Company company) {
        return new CompanyFacts(company.industry(), company.website(), company.description(), company.ceo(),
                company.sector(), "US", String.valueOf(company.fullTimeEmployees()), company.phone(),
                company.address(), company.city(), company.state(), company.zip());
    }
}
