//! Connecting to Postgres and bringing the schema up to date.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

pub async fn connect(url: &str, max_connections: u32) -> Result<PgPool, sqlx::Error> {
    let options: PgConnectOptions = url.parse()?;
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
}

pub async fn migrate(pool: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    MIGRATOR.run(pool).await
}

/// Makes a stored code (an enum kept as `text`, with `code` and `parse`) a type sqlx reads and
/// writes directly: `row.status` decodes to `OrderStatus`, and a value the enum does not know is
/// a decoding error, never a silent default. The enums live in the pure modules, which compile
/// for the browser without sqlx; this is invoked beside the queries, on the server.
#[macro_export]
macro_rules! stored_code {
    ($($code:ty),+ $(,)?) => {$(
        impl ::sqlx::Type<::sqlx::Postgres> for $code {
            fn type_info() -> ::sqlx::postgres::PgTypeInfo {
                <&str as ::sqlx::Type<::sqlx::Postgres>>::type_info()
            }
            fn compatible(ty: &::sqlx::postgres::PgTypeInfo) -> bool {
                <&str as ::sqlx::Type<::sqlx::Postgres>>::compatible(ty)
            }
        }
        impl<'r> ::sqlx::Decode<'r, ::sqlx::Postgres> for $code {
            fn decode(value: ::sqlx::postgres::PgValueRef<'r>) -> Result<Self, ::sqlx::error::BoxDynError> {
                let text = <&str as ::sqlx::Decode<::sqlx::Postgres>>::decode(value)?;
                <$code>::parse(text)
                    .ok_or_else(|| format!("unknown {} {text:?} in the database", stringify!($code)).into())
            }
        }
        impl ::sqlx::Encode<'_, ::sqlx::Postgres> for $code {
            fn encode_by_ref(
                &self,
                buf: &mut ::sqlx::postgres::PgArgumentBuffer,
            ) -> Result<::sqlx::encode::IsNull, ::sqlx::error::BoxDynError> {
                <&str as ::sqlx::Encode<::sqlx::Postgres>>::encode(self.code(), buf)
            }
        }
        impl ::sqlx::postgres::PgHasArrayType for $code {
            fn array_type_info() -> ::sqlx::postgres::PgTypeInfo {
                <&str as ::sqlx::postgres::PgHasArrayType>::array_type_info()
            }
        }
    )+};
}
