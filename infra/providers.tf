locals {
  # An empty endpoint means real AWS; anything else is an AWS-compatible emulator (moto, LocalStack).
  emulated = var.endpoint != ""

  # An offline plan (CI's check of the AWS configuration, with dummy credentials) must not call STS or the
  # instance metadata service; it never applies.
  skip_checks = local.emulated || var.offline_plan
}

provider "aws" {
  region = var.region

  # Emulators answer every service on one URL and know no real account, instance metadata or
  # region list, so the provider's start-up checks are skipped there (and in an offline plan) only.
  s3_use_path_style           = local.emulated
  skip_credentials_validation = local.skip_checks
  skip_metadata_api_check     = local.skip_checks
  skip_region_validation      = local.skip_checks
  skip_requesting_account_id  = local.skip_checks

  dynamic "endpoints" {
    for_each = local.emulated ? [var.endpoint] : []
    content {
      cloudwatch     = endpoints.value
      cloudwatchlogs = endpoints.value
      iam            = endpoints.value
      lambda         = endpoints.value
      s3             = endpoints.value
      sns            = endpoints.value
      sts            = endpoints.value
    }
  }

  default_tags {
    tags = {
      project     = "PipelineSpecs"
      name_prefix = var.name_prefix
    }
  }
}
