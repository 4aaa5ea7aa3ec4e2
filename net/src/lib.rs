//! Phantom's network stack: a NIC abstraction over virtio-net and smoltcp for the
//! interface, DHCP and sockets with wake-ups and backlogs.
//!
//! Nothing of it exists yet.
#![no_std]
#![deny(unsafe_code)]
