locals {
  # An empty endpoint means real AWS; anything else is an AWS-compatible emulator (moto, LocalStack).
  emulated = var.endpoint != ""

  # An offline plan (CI's check of the AWS configuration, with dummy credentials) must not call STS or the
  # instance metadata service; it never applies.
  skip_checks = local.emulated || var.offline_plan

  # Every service the stack touches, at the emulator's URL; none on AWS. An output too, so the offline plan check
  # can prove the AWS configuration overrides nothing (and that an emulator's does).
  endpoint_overrides = local.emulated ? {
    for service in ["cloudwatch", "cloudwatchlogs", "iam", "lambda", "s3", "sns", "sts"] : service => var.endpoint
  } : {}
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
    for_each = length(local.endpoint_overrides) > 0 ? [local.endpoint_overrides] : []
    content {
      cloudwatch     = endpoints.value.cloudwatch
      cloudwatchlogs = endpoints.value.cloudwatchlogs
      iam            = endpoints.value.iam
      lambda         = endpoints.value.lambda
      s3             = endpoints.value.s3
      sns            = endpoints.value.sns
      sts            = endpoints.value.sts
    }
  }

  default_tags {
    tags = {
      project     = "PipelineSpecs"
      name_prefix = var.name_prefix
    }
  }
}
