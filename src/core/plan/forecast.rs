//! The growth forecast: monthly spend of the scenario's mix and of its baseline as users grow.
//!
//! Month `m` (1-based) has `users × (1 + growth)^(m − 1)` users, each sending
//! `queries_per_user × seasonal[calendar month]` queries; its spend is queries times the
//! cost per query of the mix (split by tier) and of the baseline. Exact decimal arithmetic;
//! numbers beyond it are a message, never a panic.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::core::format::csv_row;
use crate::core::issue::{joined_messages, FieldIssue, FieldPath, ForecastField};

/// The most months a forecast covers.
pub const MAX_HORIZON_MONTHS: u32 = 60;
/// Growth above this per month is a typo, not a plan.
pub const MAX_GROWTH_PCT: u32 = 1_000;
/// More users than people on Earth is a typo too.
pub const MAX_USERS: u64 = 10_000_000_000;
/// Queries per user per month.
pub const MAX_QUERIES_PER_USER: u64 = 10_000_000;
/// A seasonal multiplier.
pub const MAX_SEASONAL: u32 = 100;

/// User counts whose month the forecast reports.
pub const MILESTONES: [u64; 3] = [100_000, 500_000, 1_000_000];

/// What the person expects of their traffic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastInputs {
    /// Monthly active users in the first month.
    #[serde(default = "default_users")]
    pub users_start: Decimal,
    /// Compound growth per month, in percent (may be negative).
    #[serde(default = "default_growth")]
    pub growth_pct: Decimal,
    #[serde(default = "default_queries_per_user")]
    pub queries_per_user: Decimal,
    #[serde(default = "default_horizon")]
    pub horizon_months: u32,
    /// Monthly budget in USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_usd: Option<Decimal>,
    /// A multiplier of each calendar month's queries, January first (12 values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seasonal: Option<Vec<Decimal>>,
    /// The calendar month (1 = January) of the forecast's first month.
    #[serde(default = "default_start_month")]
    pub start_month: u32,
}

// The defaults reach the 100k, 500k and 1M milestones within the horizon, so a first look
// answers the question people bring: what will it cost at a million users?
fn default_users() -> Decimal {
    Decimal::from(50_000)
}
fn default_growth() -> Decimal {
    Decimal::from(10)
}
fn default_queries_per_user() -> Decimal {
    Decimal::from(30)
}
fn default_horizon() -> u32 {
    36
}
fn default_start_month() -> u32 {
    1
}

impl Default for ForecastInputs {
    fn default() -> Self {
        ForecastInputs {
            users_start: default_users(),
            growth_pct: default_growth(),
            queries_per_user: default_queries_per_user(),
            horizon_months: default_horizon(),
            budget_usd: None,
            seasonal: None,
            start_month: default_start_month(),
        }
    }
}

impl ForecastInputs {
    pub fn is_default(&self) -> bool {
        *self == ForecastInputs::default()
    }

    /// Every value outside what a forecast can mean, each tied to its field.
    pub fn check(&self) -> Vec<FieldIssue> {
        let mut issues = Vec::new();
        check_range(
            &mut issues,
            ForecastField::UsersStart,
            "Starting users",
            self.users_start,
            Decimal::ZERO,
            Decimal::from(MAX_USERS),
        );
        check_range(
            &mut issues,
            ForecastField::GrowthPct,
            "Monthly growth (%)",
            self.growth_pct,
            Decimal::from(-100),
            Decimal::from(MAX_GROWTH_PCT),
        );
        check_range(
            &mut issues,
            ForecastField::QueriesPerUser,
            "Queries per user per month",
            self.queries_per_user,
            Decimal::ZERO,
            Decimal::from(MAX_QUERIES_PER_USER),
        );
        check_range(
            &mut issues,
            ForecastField::HorizonMonths,
            "The horizon (months)",
            Decimal::from(self.horizon_months),
            Decimal::ONE,
            Decimal::from(MAX_HORIZON_MONTHS),
        );
        check_range(
            &mut issues,
            ForecastField::StartMonth,
            "The first month",
            Decimal::from(self.start_month),
            Decimal::ONE,
            Decimal::from(12),
        );
        if let Some(budget) = self.budget_usd {
            check_range(
                &mut issues,
                ForecastField::BudgetUsd,
                "The monthly budget",
                budget,
                Decimal::ZERO,
                Decimal::from(1_000_000_000_000u64),
            );
        }
        if let Some(seasonal) = &self.seasonal {
            if seasonal.len() != 12 {
                issues.push(FieldIssue::new(
                    FieldPath::Forecast(ForecastField::Seasonal),
                    format!(
                        "seasonal multipliers need one value per calendar month (12), not {}",
                        seasonal.len()
                    ),
                ));
            }
            for (month, value) in seasonal.iter().enumerate() {
                check_range(
                    &mut issues,
                    ForecastField::SeasonalMonth(month),
                    &format!("The multiplier of {}", MONTH_NAMES[month % 12]),
                    *value,
                    Decimal::ZERO,
                    Decimal::from(MAX_SEASONAL),
                );
            }
        }
        issues
    }

    fn seasonal_factor(&self, calendar_month: u32) -> Decimal {
        self.seasonal
            .as_ref()
            .and_then(|s| s.get(calendar_month as usize - 1).copied())
            .unwrap_or(Decimal::ONE)
    }
}

/// Files an issue when `value` is outside `low..=high`.
fn check_range(
    issues: &mut Vec<FieldIssue>,
    field: ForecastField,
    what: &str,
    value: Decimal,
    low: Decimal,
    high: Decimal,
) {
    if value < low || value > high {
        issues.push(FieldIssue::new(
            FieldPath::Forecast(field),
            format!(
                "{what} must be between {} and {} (it is {})",
                low.normalize(),
                high.normalize(),
                value.normalize()
            ),
        ));
    }
}

/// Month names for messages and tables.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// One month of the forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthForecast {
    /// 1-based.
    pub month: u32,
    /// 1 = January.
    pub calendar_month: u32,
    pub users: Decimal,
    pub queries: Decimal,
    /// Spend of the mix, by tier (in the order of [`GrowthForecast::tiers`]).
    pub tier_usd: Vec<Decimal>,
    pub mix_usd: Decimal,
    pub baseline_usd: Decimal,
}

/// The month users first reach a count, and its spend then.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Milestone {
    pub users: u64,
    /// None when the horizon ends first.
    pub month: Option<u32>,
    pub mix_usd: Option<Decimal>,
    pub baseline_usd: Option<Decimal>,
}

/// The whole forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthForecast {
    /// `model (role)` of each tier, as in the mix report.
    pub tiers: Vec<String>,
    pub months: Vec<MonthForecast>,
    pub total_usd: Decimal,
    pub baseline_total_usd: Decimal,
    /// Spend per active user per month (at a seasonal factor of 1).
    pub cost_per_user_month: Decimal,
    pub baseline_cost_per_user_month: Decimal,
    pub milestones: Vec<Milestone>,
    /// The monthly budget the forecast was made with (what `over_budget_month` refers to;
    /// shown with it, so a forecast kept while newer inputs are refused keeps its budget).
    pub budget_usd: Option<Decimal>,
    /// The first month whose mix spend exceeds the budget.
    pub over_budget_month: Option<u32>,
}

/// Why a forecast could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ForecastError {
    /// Values outside what a forecast can mean, each tied to its field.
    #[error("{}", joined_messages(.0))]
    Fields(Vec<FieldIssue>),
    /// The numbers are too large for exact decimal arithmetic.
    #[error("the forecast's numbers are too large to compute exactly; lower the growth, users or horizon")]
    Overflow,
}

impl ForecastError {
    /// The problems tied to a field (none for an overflow, which is no one field's).
    pub fn issues(&self) -> &[FieldIssue] {
        match self {
            ForecastError::Fields(issues) => issues,
            ForecastError::Overflow => &[],
        }
    }

    /// Each problem as a sentence for a person: one per field issue, or the error itself.
    pub fn messages(&self) -> Vec<String> {
        match self {
            ForecastError::Fields(issues) => issues.iter().map(|i| i.message.clone()).collect(),
            error => vec![error.to_string()],
        }
    }
}

/// What one query costs, which is all a forecast needs of a priced scenario (its mix report
/// gives it: `MixReport::query_costs`).
#[derive(Debug, Clone, PartialEq)]
pub struct QueryCosts {
    /// Each tier of the mix: its label (`model (role)`) and its share of a query's cost.
    pub tiers: Vec<TierRate>,
    /// The blended cost of one query of the mix.
    pub mix: Decimal,
    /// The cost of one query on the one-model baseline.
    pub baseline: Decimal,
}

/// One tier's part of a query's cost.
#[derive(Debug, Clone, PartialEq)]
pub struct TierRate {
    pub label: String,
    pub cost_per_query: Decimal,
}

/// Forecasts monthly spend for a priced scenario.
pub fn forecast(
    inputs: &ForecastInputs,
    costs: &QueryCosts,
) -> Result<GrowthForecast, ForecastError> {
    let issues = inputs.check();
    if !issues.is_empty() {
        return Err(ForecastError::Fields(issues));
    }
    let fail = |_| ForecastError::Overflow;
    let growth = Decimal::ONE + inputs.growth_pct / Decimal::ONE_HUNDRED;
    let tiers: Vec<String> = costs.tiers.iter().map(|t| t.label.clone()).collect();
    let mut months = Vec::with_capacity(inputs.horizon_months as usize);
    let mut users = inputs.users_start;
    let (mut total, mut baseline_total) = (Decimal::ZERO, Decimal::ZERO);
    for month in 1..=inputs.horizon_months {
        if month > 1 {
            users = users.checked_mul(growth).ok_or(()).map_err(fail)?;
        }
        let calendar_month = (inputs.start_month - 1 + month - 1) % 12 + 1;
        let queries = users
            .checked_mul(inputs.queries_per_user)
            .and_then(|q| q.checked_mul(inputs.seasonal_factor(calendar_month)))
            .ok_or(())
            .map_err(fail)?;
        let spend = |per_query: Decimal| queries.checked_mul(per_query).ok_or(()).map_err(fail);
        let tier_usd = costs
            .tiers
            .iter()
            .map(|t| spend(t.cost_per_query))
            .collect::<Result<Vec<_>, _>>()?;
        let mix_usd = spend(costs.mix)?;
        let baseline_usd = spend(costs.baseline)?;
        total = total.checked_add(mix_usd).ok_or(()).map_err(fail)?;
        baseline_total = baseline_total
            .checked_add(baseline_usd)
            .ok_or(())
            .map_err(fail)?;
        months.push(MonthForecast {
            month,
            calendar_month,
            users,
            queries,
            tier_usd,
            mix_usd,
            baseline_usd,
        });
    }
    let milestones = MILESTONES
        .iter()
        .map(|&threshold| {
            let reached = months.iter().find(|m| m.users >= Decimal::from(threshold));
            Milestone {
                users: threshold,
                month: reached.map(|m| m.month),
                mix_usd: reached.map(|m| m.mix_usd),
                baseline_usd: reached.map(|m| m.baseline_usd),
            }
        })
        .collect();
    let over_budget_month = inputs
        .budget_usd
        .and_then(|budget| months.iter().find(|m| m.mix_usd > budget).map(|m| m.month));
    let per_user = |per_query: Decimal| {
        per_query
            .checked_mul(inputs.queries_per_user)
            .ok_or(())
            .map_err(fail)
    };
    Ok(GrowthForecast {
        tiers,
        cost_per_user_month: per_user(costs.mix)?,
        baseline_cost_per_user_month: per_user(costs.baseline)?,
        months,
        total_usd: total,
        baseline_total_usd: baseline_total,
        milestones,
        budget_usd: inputs.budget_usd,
        over_budget_month,
    })
}

impl GrowthForecast {
    /// The first month whose mix spend exceeds the budget (the one `over_budget_month` names).
    pub fn first_month_over_budget(&self) -> Option<&MonthForecast> {
        let month = self.over_budget_month?;
        self.months.iter().find(|m| m.month == month)
    }

    /// The forecast as `llm-cost scenario --forecast` prints it: decimals as plain strings.
    pub fn figures(&self) -> serde_json::Value {
        use crate::core::pricing::money::plain;
        serde_json::json!({
            "total_usd": plain(self.total_usd),
            "baseline_total_usd": plain(self.baseline_total_usd),
            "cost_per_user_month": plain(self.cost_per_user_month),
            "baseline_cost_per_user_month": plain(self.baseline_cost_per_user_month),
            "over_budget_month": self.over_budget_month,
            "tiers": self.tiers,
            "milestones": self.milestones.iter().map(|m| serde_json::json!({
                "users": m.users,
                "month": m.month,
                "mix_usd": m.mix_usd.map(plain),
                "baseline_usd": m.baseline_usd.map(plain),
            })).collect::<Vec<_>>(),
            "months": self.months.iter().map(|m| serde_json::json!({
                "month": m.month,
                "calendar_month": m.calendar_month,
                "users": plain(m.users),
                "queries": plain(m.queries),
                "tier_usd": m.tier_usd.iter().map(|v| plain(*v)).collect::<Vec<_>>(),
                "mix_usd": plain(m.mix_usd),
                "baseline_usd": plain(m.baseline_usd),
            })).collect::<Vec<_>>(),
        })
    }

    /// The forecast as CSV: month, calendar month, users, queries, one column per tier, the
    /// mix's total and the baseline. Amounts are exact decimals; users and queries too.
    pub fn to_csv(&self) -> String {
        use crate::core::pricing::money::plain;
        let mut header = vec![
            "month".to_string(),
            "calendar_month".to_string(),
            "users".to_string(),
            "queries".to_string(),
        ];
        header.extend(self.tiers.iter().map(|tier| format!("{tier} usd")));
        header.extend(["total_usd".to_string(), "baseline_usd".to_string()]);
        let mut lines = vec![csv_row(&header)];
        for month in &self.months {
            let mut row = vec![
                month.month.to_string(),
                MONTH_NAMES[(month.calendar_month as usize + 11) % 12].to_string(),
                plain(month.users),
                plain(month.queries),
            ];
            row.extend(month.tier_usd.iter().map(|usd| plain(*usd)));
            row.extend([plain(month.mix_usd), plain(month.baseline_usd)]);
            lines.push(csv_row(&row));
        }
        lines.join("\r\n") + "\r\n"
    }
}
