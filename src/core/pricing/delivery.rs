//! How a query is sent: the batch API or not, and which service tier, as genai-prices' price
//! contexts.

use crate::core::pricing::price::PriceContext;

/// Service tiers some providers sell beside the standard one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ServiceTier {
    #[default]
    Standard,
    Flex,
    Priority,
}

impl ServiceTier {
    pub const ALL: [ServiceTier; 3] = [
        ServiceTier::Standard,
        ServiceTier::Flex,
        ServiceTier::Priority,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceTier::Standard => "standard",
            ServiceTier::Flex => "flex",
            ServiceTier::Priority => "priority",
        }
    }

    pub fn from_name(name: &str) -> Option<ServiceTier> {
        ServiceTier::ALL
            .into_iter()
            .find(|tier| tier.as_str() == name)
    }

    /// The price context that asks for this tier (empty for the standard one).
    pub fn context(self) -> PriceContext {
        let mut context = PriceContext::new();
        if self != ServiceTier::Standard {
            context.insert("service_tier".into(), self.as_str().into());
        }
        context
    }
}

/// The price context of genai-prices' batch variants.
pub fn batch_context() -> PriceContext {
    PriceContext::from([("processing".to_string(), "batch".to_string())])
}

/// How a query is sent: batch API or not, and which service tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Delivery {
    pub batch: bool,
    pub service_tier: ServiceTier,
}

impl Delivery {
    /// The genai-prices price contexts to try: the batch one (empty when batch is off) and
    /// the service tier's.
    pub fn contexts(&self) -> (PriceContext, PriceContext) {
        let batch = if self.batch {
            batch_context()
        } else {
            PriceContext::new()
        };
        (batch, self.service_tier.context())
    }
}
