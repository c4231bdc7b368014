package dev.ccag.gateway.budget;

import dev.ccag.gateway.admin.TestDatabase;

class BudgetEnforcementPostgresTest extends BudgetEnforcementTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
