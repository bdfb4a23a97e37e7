//! Where a client sends its IAM and STS calls, when not to its own
//! endpoint.
//!
//! Emulators and the stub serve KMS, IAM and STS on one endpoint and tell
//! them apart by the signature's scope, so by default a Query call goes
//! where the client's KMS calls go, signed for its region. AWS serves each
//! service at its own endpoint: IAM at one global endpoint per partition,
//! signed for that partition's one region, and STS regionally (contract
//! row 214). A [`QueryRoute`] per service says so; the choice of routes is
//! the run's configuration's (`endpoint::iam_endpoints`).

use super::query_operation::QueryService;

/// One service's endpoint and the region its requests are signed for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryRoute {
    /// The endpoint URL (`https://iam.amazonaws.com/`).
    pub endpoint: String,
    /// The region requests to it are signed for (`us-east-1`).
    pub region: String,
}

/// The routes of IAM and STS calls; `None` sends a service's calls to the
/// client's own endpoint, signed for its own region.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryRoutes {
    /// Where IAM calls go.
    pub iam: Option<QueryRoute>,
    /// Where STS calls go.
    pub sts: Option<QueryRoute>,
}

impl QueryRoutes {
    /// The route of `service`'s calls, if it has one of its own.
    #[must_use]
    pub fn of(&self, service: QueryService) -> Option<&QueryRoute> {
        match service {
            QueryService::Iam => self.iam.as_ref(),
            QueryService::Sts => self.sts.as_ref(),
        }
    }
}
